/**
 * The slice of WebSerial's `SerialPort` (https://wicg.github.io/serial/) that serial transports use. A real
 * `SerialPort` satisfies it structurally; so do the serial emulators (ELM327, SLCAN, TunerStudio ECU) and, in Node,
 * a wrapper over the `serialport` package or a TCP socket (Wi-Fi ELM327 adapters listen on port 35000).
 */
export interface SerialOpenOptions {
	baudRate: number;
	dataBits?: 7 | 8;
	stopBits?: 1 | 2;
	parity?: 'none' | 'even' | 'odd';
	flowControl?: 'none' | 'hardware';
	/** Read buffer in bytes; use ≥ 64 KiB for monitor modes (protocols.md §0). */
	bufferSize?: number;
}

export interface SerialPortInfoLike {
	usbVendorId?: number;
	usbProductId?: number;
}

export interface SerialPortLike {
	readonly readable: ReadableStream<Uint8Array> | null;
	readonly writable: WritableStream<Uint8Array> | null;
	open(options: SerialOpenOptions): Promise<void>;
	close(): Promise<void>;
	getInfo(): SerialPortInfoLike;
}

/**
 * What serial adapter drivers are written against: a pair of byte streams, as ya-webadb's protocol takes a
 * `ReadableWritablePair` and never a device (STYLE R14). Reads end (done) when the port closes; a vanished device
 * errors the readable with a DOMException named `NetworkError` (WebSerial §"readable" error handling).
 */
export interface ByteStream {
	readable: ReadableStream<Uint8Array>;
	writable: WritableStream<Uint8Array>;
}

/** Opens `port` and hands back its streams. */
export async function openSerial(
	port: SerialPortLike,
	options: SerialOpenOptions
): Promise<ByteStream> {
	await port.open(options);
	if (!port.readable || !port.writable) throw new TypeError('serial port opened without streams');
	return { readable: port.readable, writable: port.writable };
}
