import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore, UploadQueue } from './upload-queue';

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

function scriptedFetch(answers: (number | 'network')[]) {
	const calls: string[] = [];
	const fn = (async (url: string) => {
		calls.push(url);
		const answer = answers.shift() ?? 201;
		if (answer === 'network') throw new TypeError('Failed to fetch');
		return new Response('x', { status: answer });
	}) as unknown as typeof fetch;
	return { fn, calls };
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
		expect(calls).toEqual(['/api/logs/log1/chunks/0', '/api/logs/log1/chunks/1']);
		expect(await store.all()).toEqual([]);
		expect(queue.current().uploadedChunks).toBe(2);
	});

	it('retries network failures, 5xx, 409 and 429 until the chunk is stored', async () => {
		const store = new MemoryOutboxStore();
		const { fn, calls } = scriptedFetch(['network', 503, 409, 429, 201]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await queue.enqueue(chunk(0));
		await queue.kick();
		expect(calls).toHaveLength(5);
		expect(await store.all()).toEqual([]);
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

	it('counts pending samples so the UI can show what is not yet on the server', async () => {
		const store = new MemoryOutboxStore();
		const { fn } = scriptedFetch([]);
		const queue = new UploadQueue({ store, fetch: fn, sleep: noSleep });
		await store.put({ ...chunk(0), attempts: 0 });
		await store.put({ ...chunk(1), attempts: 0 });
		expect(await queue.refresh()).toMatchObject({ pending: 2, pendingSamples: 20 });
	});
});
