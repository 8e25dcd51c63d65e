import { createServer, type Server, type Socket } from 'node:net';
import { Elm327Emulator } from '../lib/hardware/emulators/elm327-device';
import { ObdResponder } from '../lib/hardware/emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../lib/hardware/emulators/vehicle/simulated-vehicle';
import type { ScenarioName } from '../lib/hardware/emulators/vehicle/scenarios';

export interface Elm327ServerOptions {
	/** @default '127.0.0.1' */
	host?: string;
	/** 0 picks a free port. @default 35000 */
	port?: number;
	/** @default 'demo' */
	scenario?: ScenarioName;
	/** @default 'elm327' */
	flavour?: 'elm327' | 'stn1110';
	/** The emulated UART behind the Wi-Fi bridge, which paces the replies. @default 115200 */
	baudRate?: number;
	/** How long ATZ takes (a genuine ELM: about 1 s). @default 1000 */
	resetMs?: number;
	/** Called as clients come and go, for logging. */
	onEvent?: (event: { kind: 'connect' | 'disconnect'; remote: string }) => void;
}

export interface Elm327Server {
	host: string;
	/** The bound port (the one picked when `port` was 0). */
	port: number;
	close(): Promise<void>;
}

/**
 * A Wi-Fi ELM327 on localhost: each TCP connection gets its own Elm327Emulator on its own simulated car with
 * an OBD-II engine ECU, so clients never see each other's settings (a real Wi-Fi adapter takes one client).
 */
export async function startElm327Server(options: Elm327ServerOptions = {}): Promise<Elm327Server> {
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
		server.listen(options.port ?? 35000, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : (options.port ?? 35000);
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

/** Wires one socket to a fresh emulator; returns what tears it down. */
function serveConnection(socket: Socket, options: Elm327ServerOptions): () => void {
	socket.setNoDelay(true);
	// A client that resets the connection must not take the server down with an unhandled 'error'.
	socket.on('error', () => end());
	const clock = () => performance.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: options.scenario ?? 'demo', startUs: clock() });
	vehicle.responders.push(new ObdResponder());
	const baudRate = options.baudRate ?? 115200;
	const elm = new Elm327Emulator({
		bus: vehicle,
		clock,
		baudRate,
		resetMs: options.resetMs,
		flavour: options.flavour
	});
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		elm.unplug();
		socket.destroy();
	};
	void (async () => {
		await elm.open({ baudRate, bufferSize: 64 * 1024 });
		const writer = elm.writable!.getWriter();
		socket.on('data', (chunk: Buffer) => {
			writer.write(new Uint8Array(chunk)).catch(end);
		});
		const reader = elm.readable!.getReader();
		for (;;) {
			const { value, done } = await reader.read();
			if (done || ended) break;
			if (!socket.write(value)) await new Promise((r) => socket.once('drain', r));
		}
	})().catch(end);
	return end;
}
