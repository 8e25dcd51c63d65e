import type { Cookies, RequestEvent } from '@sveltejs/kit';

export interface FakeCookie {
	value: string;
	options: Parameters<Cookies['set']>[2];
}

export interface FakeEventOptions {
	url?: string;
	method?: string;
	form?: Record<string, string>;
	ip?: string;
	userAgent?: string;
	cookies?: Record<string, string>;
	locals?: Partial<App.Locals>;
}

/**
 * Just enough of a SvelteKit `RequestEvent` to call a hook, `load` or form action directly in a node test:
 * cookies live in a map whose writes the test can inspect, and `setHeaders` records into `headers`.
 */
export function fakeEvent(options: FakeEventOptions = {}) {
	const url = new URL(options.url ?? 'http://localhost/');
	const jar = new Map<string, FakeCookie>(
		Object.entries(options.cookies ?? {}).map(([k, value]) => [
			k,
			{ value, options: { path: '/' } }
		])
	);
	const headers: Record<string, string> = {};
	const body = options.form ? new URLSearchParams(options.form) : undefined;
	const cookies: Cookies = {
		get: (name) => jar.get(name)?.value || undefined,
		getAll: () => [...jar].map(([name, c]) => ({ name, value: c.value })),
		set: (name, value, opts) => void jar.set(name, { value, options: opts }),
		delete: (name, opts) => void jar.set(name, { value: '', options: { ...opts, maxAge: 0 } }),
		serialize: () => ''
	};
	const event = {
		url,
		request: new Request(url, {
			method: options.method ?? (body ? 'POST' : 'GET'),
			body,
			headers: { 'user-agent': options.userAgent ?? 'vitest' }
		}),
		cookies,
		locals: { user: null, session: null, shop: null, role: null, ...options.locals },
		params: {},
		route: { id: url.pathname },
		getClientAddress: () => options.ip ?? '127.0.0.1',
		setHeaders: (h: Record<string, string>) => {
			for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = v;
		}
	} as unknown as RequestEvent;
	return { event, jar, headers };
}
