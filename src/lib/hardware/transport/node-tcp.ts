import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { AdapterError, AdapterTimeoutError } from '../errors';
import type { ByteStream } from './serial';

/** A ByteStream over a Node stream, plus the close that releases the OS handle. */
export interface NodeByteStream extends ByteStream {
	/** Ends the connection; the readable then ends (done) rather than erroring. */
	close(): Promise<void>;
}

/**
 * The transport could not be opened at all (nothing listening, no such host, no such serial device, no
 * permission). `code` is the Node errno code where there is one (ECONNREFUSED, ENOTFOUND, …).
 */
export class AdapterConnectError extends AdapterError {
	override name = 'AdapterConnectError';
	constructor(
		message: string,
		adapter: string,
		readonly code: string | undefined,
		options?: { cause?: unknown }
	) {
		super(message, adapter, options);
	}
}

export interface TcpConnectOptions {
	host: string;
	port: number;
	/** How long the TCP handshake may take. @default 5000 */
	timeoutMs?: number;
}

const TCP = 'tcp';
const READ_HIGH_WATER = 64 * 1024;

/**
 * Connects to a Wi-Fi ELM327 (they listen on TCP, usually port 35000) or to `cartech emulate`. Refusals and
 * unknown hosts reject with AdapterConnectError, a silent host with AdapterTimeoutError.
 */
export function connectTcp(options: TcpConnectOptions): Promise<NodeByteStream> {
	const { host, port } = options;
	if (typeof host !== 'string' || host === '')
		throw new TypeError('host must be a non-empty string');
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new TypeError(`port must be an integer 1–65535, got ${port}`);
	}
	const timeoutMs = options.timeoutMs ?? 5000;
	const where = `${host}:${port}`;
	return new Promise((resolve, reject) => {
		const socket = connect({ host, port });
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new AdapterTimeoutError(`no TCP connection to ${where} within ${timeoutMs} ms`, TCP));
		}, timeoutMs);
		const onError = (err: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(connectError(err, where));
		};
		socket.once('error', onError);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.removeListener('error', onError);
			// ELM commands are a few bytes each; Nagle would hold every one back for an ACK.
			socket.setNoDelay(true);
			resolve(
				duplexByteStream({
					duplex: socket,
					label: `TCP connection to ${where}`,
					close: () =>
						new Promise((done) => {
							if (socket.destroyed) return done();
							socket.once('close', () => done());
							socket.destroy();
						})
				})
			);
		});
	});
}

function connectError(err: NodeJS.ErrnoException, where: string): AdapterError {
	const host = where.slice(0, where.lastIndexOf(':'));
	switch (err.code) {
		case 'ECONNREFUSED':
			return new AdapterConnectError(
				`connection refused by ${where}: nothing is listening there (Wi-Fi ELM327 adapters usually listen on port 35000; is the adapter's network joined?)`,
				TCP,
				err.code,
				{ cause: err }
			);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new AdapterConnectError(`host ${host} not found`, TCP, err.code, { cause: err });
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return new AdapterConnectError(`${host} is unreachable from this machine`, TCP, err.code, {
				cause: err
			});
		case 'ETIMEDOUT':
			return new AdapterTimeoutError(`no TCP connection to ${where}: timed out`, TCP, {
				cause: err
			});
		default:
			return new AdapterConnectError(`cannot connect to ${where}: ${err.message}`, TCP, err.code, {
				cause: err
			});
	}
}

export interface DuplexByteStreamOptions {
	duplex: Duplex;
	/** Names the connection in error messages ("TCP connection to host:port", "serial port /dev/ttyUSB0"). */
	label: string;
	close: () => Promise<void>;
}

/**
 * Web streams over a Node Duplex (a socket or a `serialport` port), with WebSerial's failure contract
 * (serial.ts ByteStream): our own close() ends the readable; the peer closing, or any error, errors it with a
 * DOMException named NetworkError, and writes after that reject the same way. Reading pauses the Duplex when
 * 64 KiB are queued unread, so a slow consumer pushes back instead of growing memory.
 */
export function duplexByteStream(options: DuplexByteStreamOptions): NodeByteStream {
	const { duplex, label } = options;
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	let ended = false;
	let closing = false;
	// @types/node 20 types only the legacy (message, name) constructor, so the cause is attached after.
	const lost = (cause?: unknown) =>
		Object.assign(
			new DOMException(
				`${label} lost${cause instanceof Error ? `: ${cause.message}` : ' (closed by the other end)'}`,
				'NetworkError'
			),
			{ cause }
		);
	let failure: DOMException | null = null;

	const readable = new ReadableStream<Uint8Array>(
		{
			start: (c) => {
				controller = c;
			},
			pull: () => {
				duplex.resume();
			},
			cancel: async () => {
				closing = true;
				await options.close();
			}
		},
		new ByteLengthQueuingStrategy({ highWaterMark: READ_HIGH_WATER })
	);

	const finish = (cause?: unknown) => {
		if (ended) return;
		ended = true;
		if (closing && cause === undefined) {
			controller.close();
			return;
		}
		failure = lost(cause);
		controller.error(failure);
	};
	duplex.on('data', (chunk: Buffer) => {
		if (ended) return;
		controller.enqueue(new Uint8Array(chunk));
		if ((controller.desiredSize ?? 1) <= 0) duplex.pause();
	});
	duplex.on('error', (err) => finish(err));
	duplex.on('close', () => finish());

	const writable = new WritableStream<Uint8Array>({
		write: (chunk) =>
			new Promise<void>((resolve, reject) => {
				if (ended || duplex.destroyed) return reject(failure ?? lost());
				duplex.write(chunk, (err) => (err ? reject(lost(err)) : resolve()));
			}),
		close: () => {
			closing = true;
			return options.close();
		},
		abort: () => {
			closing = true;
			return options.close();
		}
	});

	return {
		readable,
		writable,
		close: async () => {
			closing = true;
			await options.close();
			finish();
		}
	};
}
