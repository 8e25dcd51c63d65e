import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryOutboxStore, UploadQueue, retryAfterMs, type OnlineEvents } from './upload-queue';

function chunk(seq: number) {
	return {
		id: `chunk:log1:${seq}`,
		method: 'PUT' as const,
		url: `/api/logs/log1/chunks/${seq}`,
		contentType: 'application/octet-stream',
		body: new Uint8Array([seq]).buffer,
		samples: 10
	};
}

type Answer = number | 'network' | 'hang' | { status: number; headers: Record<string, string> };

/** A fetch that answers from a script (201 once the script runs out) and notes when each call came. */
function scriptedFetch(answers: Answer[]) {
	const calls: { url: string; atMs: number; headers: Record<string, string> }[] = [];
	const fn = ((url: string, init: RequestInit) => {
		calls.push({ url, atMs: Date.now(), headers: init.headers as Record<string, string> });
		const answer = answers.shift() ?? 201;
		if (answer === 'network') return Promise.reject(new TypeError('Failed to fetch'));
		if (answer === 'hang')
			// A half-open connection: nothing ever comes back, only the abort signal ends it.
			return new Promise((_, reject) =>
				init.signal!.addEventListener('abort', () =>
					reject(new DOMException('The operation was aborted.', 'AbortError'))
				)
			);
		if (typeof answer === 'number') return Promise.resolve(new Response('x', { status: answer }));
		return Promise.resolve(new Response('x', answer));
	}) as unknown as typeof fetch;
	return { fn, calls };
}

/** The gaps between consecutive calls, in ms. */
const gaps = (calls: { atMs: number }[]) => calls.slice(1).map((c, i) => c.atMs - calls[i].atMs);

function fakeOnline() {
	const listeners: (() => void)[] = [];
	const target: OnlineEvents = { addEventListener: (_type, listener) => listeners.push(listener) };
	return { target, fire: () => listeners.forEach((l) => l()) };
}

const noSleep = async () => {};

describe('UploadQueue', () => {
	it('sends items in order and deletes each only after the server acknowledged it', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch([201, 201]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await store.put({ ...chunk(0), attempts: 0 });
		await store.put({ ...chunk(1), attempts: 0 });
		await queue.kick();
		expect(calls.map((c) => c.url)).toEqual(['/api/logs/log1/chunks/0', '/api/logs/log1/chunks/1']);
		expect(calls[0].headers['idempotency-key']).toBe('chunk:log1:0');
		expect(await store.all()).toEqual([]);
		expect(queue.current().uploadedChunks).toBe(2);
	});

	it('retries network failures, 5xx, 401, 408 and 429 until the chunk is stored', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(['network', 503, 500, 401, 408, 429, 201]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await queue.enqueue(chunk(0));
		await queue.kick();
		expect(calls).toHaveLength(7);
		expect(await store.all()).toEqual([]);
		expect(queue.current()).toMatchObject({ pending: 0, rejected: 0, uploadedChunks: 1 });
	});

	it('keeps a chunk the server rejects as invalid and reports it instead of dropping it', async () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch([413, 201]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await store.put({ ...chunk(0), attempts: 0 });
		await store.put({ ...chunk(1), attempts: 0 });
		await queue.kick();
		const left = await store.all();
		expect(left).toHaveLength(1);
		expect(left[0]).toMatchObject({ id: 'chunk:log1:0', rejected: { status: 413 } });
		expect(queue.current()).toMatchObject({ pending: 0, rejected: 1 });
	});

	it('keeps 409 and 422 conflicts as rejected and moves on, so one conflict cannot stall the queue', async () => {
		// The server answers a replay of a stored (log, seq) with 200 'duplicate' (timeseries/ingest-one.ts), so a
		// conflict means the key holds other data: retrying would get the same answer forever.
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch([409, 422, 201]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		for (const seq of [0, 1, 2]) await store.put({ ...chunk(seq), attempts: 0 });
		await queue.kick();
		expect(calls).toHaveLength(3);
		expect((await store.all()).map((i) => [i.id, i.rejected?.status])).toEqual([
			['chunk:log1:0', 409],
			['chunk:log1:1', 422]
		]);
		expect(queue.current()).toMatchObject({ pending: 0, rejected: 2, uploadedChunks: 1 });
	});

	it('counts pending samples so the UI can show what is not yet on the server', async () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch([]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await store.put({ ...chunk(0), attempts: 0 });
		await store.put({ ...chunk(1), attempts: 0 });
		expect(await queue.refresh()).toMatchObject({ pending: 2, pendingSamples: 20 });
	});

	it('refuses options that would make it spin or never retry', () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch([]);
		expect(() => new UploadQueue({ store, fetch: fn, baseDelayMs: 0 })).toThrow(TypeError);
		expect(() => new UploadQueue({ store, fetch: fn, maxDelayMs: NaN })).toThrow(TypeError);
		expect(() => new UploadQueue({ store, fetch: fn, timeoutMs: -1 })).toThrow(TypeError);
		expect(
			() => new UploadQueue({ store, fetch: fn, baseDelayMs: 5_000, maxDelayMs: 1_000 })
		).toThrow(/exceeds maxDelayMs/);
		expect(() => new UploadQueue({ store, fetch: undefined as never })).toThrow(TypeError);
	});
});

describe('UploadQueue backoff (fake timers)', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 0 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('doubles the wait from 1 s up to the 60 s cap, with jitter between half and the whole step', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(Array(9).fill('network'));
		// random() = 0 gives the shortest wait of each step: half of it.
		const queue = new UploadQueue({ store, fetch: fn, online: null, random: () => 0 });
		await store.put({ ...chunk(0), attempts: 0 });
		const done = queue.kick();
		await vi.advanceTimersByTimeAsync(200_000);
		await done;
		expect(gaps(calls)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);

		const longest = new UploadQueue({ store, fetch: fn, online: null, random: () => 0.999999 });
		expect(longest.backoffMs(0)).toBeCloseTo(1_000, 0);
		expect(longest.backoffMs(5)).toBeCloseTo(32_000, 0);
		expect(longest.backoffMs(6)).toBeCloseTo(60_000, 0);
		expect(longest.backoffMs(1_000)).toBeCloseTo(60_000, 0);
	});

	it('spreads retries with jitter instead of retrying in lockstep', () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch([]);
		let r = 0;
		const queue = new UploadQueue({
			store,
			fetch: fn,
			online: null,
			random: () => (r = (r + 0.37) % 1)
		});
		const waits = Array.from({ length: 20 }, () => queue.backoffMs(3));
		expect(new Set(waits).size).toBeGreaterThan(1);
		for (const w of waits) {
			expect(w).toBeGreaterThanOrEqual(4_000);
			expect(w).toBeLessThan(8_000);
		}
	});

	it('never drops an item however long the server stays down, and sends it once it is back', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch([...Array(30).fill(503), 201]);
		const queue = new UploadQueue({ store, fetch: fn, online: null, random: () => 0.5 });
		await queue.enqueue(chunk(0));
		await vi.advanceTimersByTimeAsync(10 * 60_000);
		expect(calls.length).toBeGreaterThan(10);
		expect(calls.length).toBeLessThan(31);
		const [waiting] = await store.all();
		expect(waiting).toMatchObject({ id: 'chunk:log1:0', attempts: calls.length });
		expect(queue.current()).toMatchObject({ pending: 1, uploading: true, lastError: 'HTTP 503' });
		await vi.advanceTimersByTimeAsync(30 * 60_000);
		expect(calls).toHaveLength(31);
		expect(await store.all()).toEqual([]);
		expect(queue.current()).toMatchObject({ pending: 0, uploading: false, uploadedChunks: 1 });
	});

	it('starts again from 1 s after a success', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(['network', 'network', 'network', 201, 'network', 201]);
		const queue = new UploadQueue({ store, fetch: fn, online: null, random: () => 0 });
		await store.put({ ...chunk(0), attempts: 0 });
		await store.put({ ...chunk(1), attempts: 0 });
		const done = queue.kick();
		await vi.advanceTimersByTimeAsync(60_000);
		await done;
		expect(gaps(calls)).toEqual([500, 1_000, 2_000, 0, 500]);
	});

	it('abandons a request that never answers after the timeout and retries it', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(['hang', 201]);
		const queue = new UploadQueue({
			store,
			fetch: fn,
			online: null,
			timeoutMs: 10_000,
			random: () => 0
		});
		await queue.enqueue(chunk(0));
		await vi.advanceTimersByTimeAsync(10_000);
		expect(queue.current().lastError).toMatch(/^timeout/);
		expect(calls).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(500);
		expect(calls).toHaveLength(2);
		expect(await store.all()).toEqual([]);
	});

	it('gives a large body more time before calling it a timeout', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(['hang', 201]);
		const queue = new UploadQueue({ store, fetch: fn, online: null, timeoutMs: 10_000 });
		// 160 KiB at the 16 KiB/s floor is 10 s of transfer on top of the 10 s timeout.
		await queue.enqueue({ ...chunk(0), body: new ArrayBuffer(160 * 1024) });
		await vi.advanceTimersByTimeAsync(19_000);
		expect(queue.current().lastError).toBeUndefined();
		await vi.advanceTimersByTimeAsync(1_000);
		expect(queue.current().lastError).toMatch(/^timeout: no answer in 20 s/);
		expect(calls).toHaveLength(1);
	});

	it('retries at once when the network comes back instead of waiting out the backoff', async () => {
		const store = new MemoryOutboxStore();
		const online = fakeOnline();
		const { fn, calls } = scriptedFetch([...Array(8).fill('network'), 201]);
		const queue = new UploadQueue({ store, fetch: fn, online: online.target, random: () => 0 });
		await queue.enqueue(chunk(0));
		// Tries 1..8 come at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 and 61.5 s; the ninth would wait until 91.5 s.
		await vi.advanceTimersByTimeAsync(62_000);
		expect(calls).toHaveLength(8);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(calls).toHaveLength(8);
		online.fire();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toHaveLength(9);
		expect(await store.all()).toEqual([]);
	});

	it('after an online event the backoff starts again from its first step', async () => {
		const store = new MemoryOutboxStore();
		const online = fakeOnline();
		const { fn, calls } = scriptedFetch(Array(8).fill('network'));
		const queue = new UploadQueue({ store, fetch: fn, online: online.target, random: () => 0 });
		await queue.enqueue(chunk(0));
		await vi.advanceTimersByTimeAsync(20_000);
		const before = calls.length;
		online.fire();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toHaveLength(before + 1);
		await vi.advanceTimersByTimeAsync(500);
		expect(calls).toHaveLength(before + 2);
		queue.stop();
	});

	it('an online event with nothing pending sends nothing', async () => {
		const store = new MemoryOutboxStore();
		const online = fakeOnline();
		const { fn, calls } = scriptedFetch([]);
		new UploadQueue({ store, fetch: fn, online: online.target });
		online.fire();
		await vi.advanceTimersByTimeAsync(1_000);
		expect(calls).toEqual([]);
	});

	it('waits at least as long as Retry-After asks, within the cap', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch([
			{ status: 429, headers: { 'retry-after': '20' } },
			{ status: 503, headers: { 'retry-after': '3600' } },
			201
		]);
		const queue = new UploadQueue({ store, fetch: fn, online: null, random: () => 0 });
		await queue.enqueue(chunk(0));
		await vi.advanceTimersByTimeAsync(200_000);
		expect(gaps(calls)).toEqual([20_000, 60_000]);
	});

	it('stop() ends a backoff wait at once', async () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch(['network']);
		const queue = new UploadQueue({ store, fetch: fn, online: null });
		await store.put({ ...chunk(0), attempts: 0 });
		const done = queue.kick();
		await vi.advanceTimersByTimeAsync(0);
		queue.stop();
		await vi.advanceTimersByTimeAsync(0);
		await expect(done).resolves.toBeUndefined();
		expect(await store.all()).toHaveLength(1);
	});
});

describe('retryAfterMs', () => {
	it('reads delay-seconds and HTTP-dates, and ignores what it cannot read', () => {
		const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
		expect(retryAfterMs('120', now)).toBe(120_000);
		expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
		expect(retryAfterMs('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
		expect(retryAfterMs('soon', now)).toBeUndefined();
		expect(retryAfterMs(null, now)).toBeUndefined();
	});
});

describe('UploadQueue owners', () => {
	it('sends only the signed-in account’s items; another account’s wait, counted, until it signs in again', async () => {
		const store = new MemoryOutboxStore();
		const sent: string[] = [];
		const fetch = (async (url: string) => {
			sent.push(url);
			return new Response('{}', { status: 201 });
		}) as unknown as typeof globalThis.fetch;
		const queue = new UploadQueue({ store, fetch, online: null });
		await queue.setOwner('a@shop|1');
		await queue.enqueue({
			id: 'log:A',
			method: 'PUT',
			url: '/a',
			contentType: 'text/plain',
			body: 'a',
			samples: 1
		});
		await queue.kick();
		await queue.setOwner(null);
		await queue.enqueue({
			id: 'log:N',
			method: 'PUT',
			url: '/nobody',
			contentType: 'text/plain',
			body: 'n',
			samples: 1
		});
		await queue.setOwner('a@shop|1');
		// Recorded while signed out: stamped with no owner, so it goes with whoever signs in next (the device's user).
		await queue.kick();
		await queue.setOwner('b@shop|2');
		await queue.enqueue({
			id: 'log:B',
			method: 'PUT',
			url: '/b',
			contentType: 'text/plain',
			body: 'b',
			samples: 1
		});
		await queue.kick();
		expect(sent).toEqual(['/a', '/nobody', '/b']);

		const store2 = new MemoryOutboxStore();
		const sent2: string[] = [];
		const queue2 = new UploadQueue({
			store: store2,
			fetch: (async (url: string) => {
				sent2.push(url);
				return new Response('{}', { status: 503 });
			}) as unknown as typeof globalThis.fetch,
			online: null,
			sleep: async () => {}
		});
		await queue2.setOwner('a@shop|1');
		queue2.stop();
		await store2.put({
			id: 'log:A',
			method: 'PUT',
			url: '/a',
			contentType: 'x',
			body: 'a',
			samples: 1,
			attempts: 0,
			owner: 'a@shop|1'
		});
		await queue2.setOwner('b@shop|2');
		const status = await queue2.refresh();
		expect(status).toMatchObject({ pending: 0, otherAccounts: 1 });
		queue2.stop();
	});
});
