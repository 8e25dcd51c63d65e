import { createServer, type Server, type Socket } from 'node:net';
import type { SerialPortLike } from '../lib/hardware/transport/serial';

/** A serial emulator (Elm327Emulator, SlcanEmulator) that can be unplugged when its client leaves. */
export interface SerialEmulator extends SerialPortLike {
	unplug(): void;
}

export interface EmulatorServerOptions {
	/** @default '127.0.0.1' */
	host?: string;
	/** 0 picks a free port. */
	port: number;
	/** The rate the device's UART is opened at (what paces its replies). */
	baudRate: number;
	/** A fresh device, with its own simulated car, for each connection; `clock` is µs. */
	createDevice(clock: () => number): SerialEmulator;
	/** Called as clients come and go, for logging. */
	onEvent?: (event: { kind: 'connect' | 'disconnect'; remote: string }) => void;
}

export interface EmulatorServer {
	host: string;
	/** The bound port (the one picked when `port` was 0). */
	port: number;
	close(): Promise<void>;
}

/**
 * A serial adapter on a TCP port, as Wi-Fi OBD adapters and ser2net bridges offer one: each connection gets its
 * own emulated device, so clients never see each other's settings (a real Wi-Fi adapter takes one client).
 */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
	const host = options.host ?? '127.0.0.1';
	const sessions = new Set<() => void>();
	const server: Server = createServer((socket) => {
		const remote = `${socket.remoteAddress}:${socket.remotePort}`;
		options.onEvent?.({ kind: 'connect', remote });
		const end = serveConnection(socket, options);
		sessions.add(end);
		socket.once('close', () => {
			sessions.delete(end);
			end();
			options.onEvent?.({ kind: 'disconnect', remote });
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : options.port;
	return {
		host,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const end of sessions) end();
				server.close(() => resolve());
			})
	};
}

/** Wires one socket to a fresh device; returns what tears it down. */
function serveConnection(socket: Socket, options: EmulatorServerOptions): () => void {
	socket.setNoDelay(true);
	// A client that resets the connection must not take the server down with an unhandled 'error'.
	socket.on('error', () => end());
	const clock = () => performance.now() * 1000;
	const device = options.createDevice(clock);
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		device.unplug();
		socket.destroy();
	};
	void (async () => {
		await device.open({ baudRate: options.baudRate, bufferSize: 64 * 1024 });
		const writer = device.writable!.getWriter();
		socket.on('data', (chunk: Buffer) => {
			writer.write(new Uint8Array(chunk)).catch(end);
		});
		const reader = device.readable!.getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done || ended) break;
			if (!socket.write(value)) await new Promise((r) => socket.once('drain', r));
		}
	})().catch(end);
	return end;
}
