import { SerialPort, type SerialPortMock } from 'serialport';
import { AdapterConnectError, duplexByteStream, type NodeByteStream } from './node-tcp';

type NodePort = SerialPort | SerialPortMock;

export interface NodeSerialOptions {
	/** /dev/ttyUSB0, /dev/tty.usbserial-…, COM3. */
	path: string;
	/** ELM327s power up at 38400 (protocols.md §1.1); CDC-ACM devices ignore it. */
	baudRate: number;
	/** Builds the port; tests pass one over `SerialPortMock`. @default a real `serialport` SerialPort */
	createPort?: (options: { path: string; baudRate: number; autoOpen: false }) => NodePort;
}

const SERIAL = 'serial';

/**
 * Opens a serial device with the `serialport` package, 8N1 without flow control, and hands back the
 * ByteStream drivers take. A missing device, a busy one or a permission problem rejects with
 * AdapterConnectError saying which.
 */
export async function openNodeSerial(options: NodeSerialOptions): Promise<NodeByteStream> {
	const { path, baudRate } = options;
	if (typeof path !== 'string' || path === '')
		throw new TypeError('path must be a non-empty string');
	if (!Number.isInteger(baudRate) || baudRate <= 0) {
		throw new TypeError(`baudRate must be a positive integer, got ${baudRate}`);
	}
	const create = options.createPort ?? ((o) => new SerialPort(o));
	const port = create({ path, baudRate, autoOpen: false });
	await new Promise<void>((resolve, reject) => {
		port.open((err) => (err ? reject(openError(err, path)) : resolve()));
	});
	return duplexByteStream({
		duplex: port,
		label: `serial port ${path}`,
		close: () =>
			new Promise((done) => {
				if (!port.isOpen) return done();
				port.close(() => done());
			})
	});
}

function openError(err: Error, path: string): AdapterConnectError {
	const text = err.message;
	const fail = (message: string, code: string | undefined) =>
		new AdapterConnectError(message, SERIAL, code, { cause: err });
	// bindings-cpp reports errno as text only ("Error: No such file or directory, cannot open /dev/x").
	if (/no such file|does not exist|cannot find/i.test(text)) {
		return fail(`no serial device at ${path} (is the adapter plugged in?)`, 'ENOENT');
	}
	if (/permission denied|access denied/i.test(text)) {
		return fail(
			`permission denied opening ${path} (on Linux, add yourself to the dialout group)`,
			'EACCES'
		);
	}
	if (/busy|locked/i.test(text)) {
		return fail(`${path} is in use by another program`, 'EBUSY');
	}
	if (/inappropriate ioctl/i.test(text)) {
		return fail(`${path} is not a serial device`, 'ENOTTY');
	}
	return fail(`cannot open ${path}: ${text.replace(/^Error: /, '')}`, undefined);
}
