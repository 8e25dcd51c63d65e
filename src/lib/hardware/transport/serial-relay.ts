import * as Comlink from 'comlink';
import type { SerialOpenOptions, SerialPortInfoLike, SerialPortLike } from './serial';

/**
 * Lends a `SerialPort` the page holds to the adapter's worker over a MessagePort. Chrome exposes WebSerial in
 * dedicated workers (Web Serial API §2, WorkerNavigator.serial), so the worker normally finds the granted port
 * itself with `navigator.serial.getPorts()`; the relay is the path where it cannot (a port object that exists only
 * in the page, as in our Playwright fixtures, or a browser without worker WebSerial).
 *
 * The page pumps the port's readable into the worker chunk by chunk (transferred, not copied) and writes what the
 * worker sends. A fatal read error crosses as its DOMException name (`NetworkError` when the device is unplugged,
 * WebSerial §"readable"), so drivers see exactly what a local port would give them.
 */
type ReadEvent =
	{ data: ArrayBuffer } | { done: true } | { error: { name: string; message: string } };

function relayApi(port: SerialPortLike) {
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	let writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
	const pump = async (sink: (event: ReadEvent) => void) => {
		const active = reader;
		if (!active) return;
		try {
			for (;;) {
				const { value, done } = await active.read();
				if (done) break;
				if (!value || value.byteLength === 0) continue;
				const data = value.slice().buffer as ArrayBuffer;
				sink(Comlink.transfer({ data }, [data]));
			}
			sink({ done: true });
		} catch (err) {
			if (reader !== active) return;
			const { name = 'Error', message = String(err) } = err as Error;
			sink({ error: { name, message } });
		}
	};
	return {
		info: (): SerialPortInfoLike => port.getInfo(),
		async open(options: SerialOpenOptions, sink: (event: ReadEvent) => void) {
			await port.open(options);
			reader = port.readable!.getReader();
			writer = port.writable!.getWriter();
			void pump(sink);
		},
		async write(data: ArrayBuffer) {
			if (!writer) throw new DOMException('The port is closed.', 'InvalidStateError');
			await writer.write(new Uint8Array(data));
		},
		async close() {
			const r = reader;
			const w = writer;
			reader = undefined;
			writer = undefined;
			// SerialPort.close() rejects while a stream is locked (WebSerial §close step 3), so let go of both first.
			await r?.cancel().catch(() => {});
			r?.releaseLock();
			await w?.close().catch(() => {});
			w?.releaseLock();
			await port.close();
		}
	};
}

type RelayApi = ReturnType<typeof relayApi>;

/** Page side: serve `port` on `channel` until the channel closes. */
export function serveSerialPort(port: SerialPortLike, channel: MessagePort): void {
	Comlink.expose(relayApi(port), channel);
}

/** Worker side: a `SerialPortLike` whose reads and writes run on the page's port. */
export async function connectSerialRelay(channel: MessagePort): Promise<SerialPortLike> {
	const remote = Comlink.wrap<RelayApi>(channel);
	const info = await remote.info();
	let readable: ReadableStream<Uint8Array> | null = null;
	let writable: WritableStream<Uint8Array> | null = null;
	return {
		get readable() {
			return readable;
		},
		get writable() {
			return writable;
		},
		getInfo: () => info,
		async open(options) {
			let controller!: ReadableStreamDefaultController<Uint8Array>;
			const stream = new ReadableStream<Uint8Array>({
				start: (c) => {
					controller = c;
				}
			});
			await remote.open(
				options,
				Comlink.proxy((event: ReadEvent) => {
					try {
						if ('data' in event) controller.enqueue(new Uint8Array(event.data));
						else if ('done' in event) controller.close();
						else controller.error(new DOMException(event.error.message, event.error.name));
					} catch {
						// The stream was already closed or cancelled locally; late events have nowhere to go.
					}
				})
			);
			readable = stream;
			writable = new WritableStream<Uint8Array>({
				write: async (chunk) => {
					const data = chunk.slice().buffer as ArrayBuffer;
					await remote.write(Comlink.transfer(data, [data]));
				}
			});
		},
		async close() {
			readable = null;
			writable = null;
			await remote.close();
		}
	};
}
