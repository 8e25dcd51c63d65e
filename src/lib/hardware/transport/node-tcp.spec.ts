import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterConnectError, connectTcp } from './node-tcp';

let server: Server | null = null;

afterEach(async () => {
	await new Promise((r) => (server ? server.close(r) : r(undefined)));
	server = null;
});

/** A local server; `onSocket` gets each accepted connection. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
	server = createServer(onSocket);
	await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
	return (server.address() as { port: number }).port;
}

async function readText(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	until: string
): Promise<string> {
	let text = '';
	while (!text.includes(until)) {
		const { value, done } = await reader.read();
		if (done) break;
		text += new TextDecoder().decode(value);
	}
	return text;
}

describe('connectTcp', () => {
	it('carries bytes both ways', async () => {
		const port = await listen((s) => s.on('data', (d) => s.write(`echo:${d}`)));
		const stream = await connectTcp({ host: '127.0.0.1', port });
		const writer = stream.writable.getWriter();
		await writer.write(new TextEncoder().encode('ATZ\r'));
		expect(await readText(stream.readable.getReader(), '\r')).toBe('echo:ATZ\r');
		writer.releaseLock();
		await stream.close();
	});

	it('ends the readable (done) when we close it ourselves', async () => {
		const port = await listen(() => {});
		const stream = await connectTcp({ host: '127.0.0.1', port });
		const reader = stream.readable.getReader();
		const read = reader.read();
		await stream.close();
		expect(await read).toEqual({ value: undefined, done: true });
	});

	it('errors the readable with a NetworkError DOMException when the peer hangs up, and rejects writes', async () => {
		const port = await listen((s) => s.end());
		const stream = await connectTcp({ host: '127.0.0.1', port });
		const error = await stream.readable
			.getReader()
			.read()
			.then(
				() => null,
				(e: unknown) => e
			);
		expect(error).toBeInstanceOf(DOMException);
		expect((error as DOMException).name).toBe('NetworkError');
		await expect(stream.writable.getWriter().write(Uint8Array.of(0x0d))).rejects.toMatchObject({
			name: 'NetworkError'
		});
	});

	it('rejects a refused connection with AdapterConnectError ECONNREFUSED and a clear message', async () => {
		const port = await listen(() => {});
		await new Promise((r) => server!.close(r));
		server = null;
		const err = await connectTcp({ host: '127.0.0.1', port }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterConnectError);
		expect(err).toMatchObject({ code: 'ECONNREFUSED', adapter: 'tcp' });
		expect((err as Error).message).toMatch(
			/^connection refused by 127\.0\.0\.1:\d+: nothing is listening there/
		);
	});

	it('throws a TypeError for a port outside 1–65535', () => {
		expect(() => connectTcp({ host: 'localhost', port: 70000 })).toThrow(TypeError);
	});
});
