import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATA_CACHE, OFFLINE_PAGE, PAGES_CACHE, USER_CACHES, WARM_HEADER } from './cache-names';
import { pwaOptions } from './pwa-options';

const options = pwaOptions(fileURLToPath(new URL('../../../static', import.meta.url)));
const routes = options.workbox!.runtimeCaching!;

type Matcher = (context: { request: Request; url: URL; sameOrigin: boolean }) => boolean;
type CacheKeyPlugin = { cacheKeyWillBeUsed(input: { request: Request }): Promise<string> };

/**
 * workbox-build writes each matcher into sw.js with `toString()`, so it is rebuilt here the same way: a matcher that
 * used an import or an outer variable would fail in the worker, and fails here too.
 */
function rebuilt<T>(fn: unknown): T {
	return (0, eval)(`(${String(fn)})`) as T;
}

const ORIGIN = 'http://localhost:4173';

function routeFor(request: Request): string | undefined {
	const url = new URL(request.url);
	const route = routes.find((r) =>
		rebuilt<Matcher>(r.urlPattern)({ request, url, sameOrigin: url.origin === ORIGIN })
	);
	return route?.options?.cacheName ?? undefined;
}

/** A browser navigation: `mode` cannot be set to 'navigate' in the Request constructor, so it is stubbed. */
function navigation(path: string, origin = ORIGIN): Request {
	const request = new Request(origin + path);
	Object.defineProperty(request, 'mode', { value: 'navigate' });
	return request;
}

describe('service worker routes', () => {
	it('caches navigations to signed-in pages and the pages a client asks it to warm', () => {
		for (const path of [
			'/connect',
			'/logs',
			'/logs/5f0c7f5e-3c3e-4b59-9b1a-1e0d1d6f4a10',
			'/diagnostics'
		])
			expect(routeFor(navigation(path))).toBe(PAGES_CACHE);
		const warm = new Request(`${ORIGIN}/logs`, {
			headers: { accept: 'text/html', [WARM_HEADER]: '1' }
		});
		expect(routeFor(warm)).toBe(PAGES_CACHE);
	});

	it('caches the data of client-side navigations in its own cache', () => {
		expect(routeFor(new Request(`${ORIGIN}/logs/__data.json?x-sveltekit-invalidated=01`))).toBe(
			DATA_CACHE
		);
	});

	it('never caches the API, sign-in pages, sign-out, public share links or other origins', () => {
		for (const path of [
			'/api/logs',
			'/login',
			'/signup',
			'/logout',
			'/r/abc',
			'/login/__data.json'
		])
			expect(routeFor(navigation(path)), path).toBeUndefined();
		expect(routeFor(new Request(`${ORIGIN}/api/logs/x/chunks/0`))).toBeUndefined();
		expect(routeFor(new Request(`${ORIGIN}/r/abc/__data.json`))).toBeUndefined();
		expect(routeFor(navigation('/connect', 'https://example.com'))).toBeUndefined();
		// A plain fetch of a page URL (not a navigation, not a warm request) is left alone.
		expect(routeFor(new Request(`${ORIGIN}/logs`))).toBeUndefined();
	});

	it('only ever handles GET: uploads and sign-out POSTs go straight to the network', () => {
		for (const route of routes) expect(route.method).toBe('GET');
	});

	it('keeps one data entry per page whichever layouts kit asked to rerun', async () => {
		const plugin = routes
			.find((r) => r.options?.cacheName === DATA_CACHE)!
			.options!.plugins!.map((p) => rebuilt<CacheKeyPlugin>(`(${stringifyPlugin(p)})`))
			.find((p) => p.cacheKeyWillBeUsed)!;
		const key = (q: string) =>
			plugin.cacheKeyWillBeUsed({ request: new Request(`${ORIGIN}/logs/__data.json${q}`) });
		expect(await key('?x-sveltekit-invalidated=01')).toBe(`${ORIGIN}/logs/__data.json`);
		expect(await key('?x-sveltekit-invalidated=11')).toBe(`${ORIGIN}/logs/__data.json`);
		expect(await key('?vehicle=2&x-sveltekit-invalidated=1')).toBe(
			`${ORIGIN}/logs/__data.json?vehicle=2`
		);
	});

	it('caches only complete pages, and falls back to the precached offline page', () => {
		for (const route of routes)
			expect(route.options?.cacheableResponse).toEqual({ statuses: [200] });
		const pages = routes.find((r) => r.options?.cacheName === PAGES_CACHE)!;
		expect(pages.options?.precacheFallback).toEqual({ fallbackURL: OFFLINE_PAGE });
		expect(options.workbox!.additionalManifestEntries).toEqual([
			{ url: OFFLINE_PAGE, revision: expect.stringMatching(/^[0-9a-f]{16}$/) }
		]);
		expect(USER_CACHES).toEqual([PAGES_CACHE, DATA_CACHE]);
	});

	it('describes an installable app that starts on Connect', () => {
		const manifest = options.manifest as Record<string, unknown> & {
			icons: { sizes: string; purpose: string }[];
		};
		expect(manifest).toMatchObject({
			name: 'CarTech',
			start_url: '/connect',
			display: 'standalone',
			theme_color: '#1c1f23'
		});
		const icons = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
		expect(icons).toEqual(
			expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable'])
		);
	});
});

/** A plugin object as workbox-build serialises it: its methods as source text. */
function stringifyPlugin(plugin: object): string {
	const entries = Object.entries(plugin).map(([k, v]) => `${k}: ${String(v)}`);
	return `{ ${entries.join(', ')} }`;
}
