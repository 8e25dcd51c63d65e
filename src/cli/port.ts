import { connectTcp, type NodeByteStream } from '../lib/hardware/transport/node-tcp';
import { openNodeSerial } from '../lib/hardware/transport/node-serial';
import { UsageError } from './usage-error';

export type PortSpec =
	{ kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string };

/** ELM327 power-up rate with pin 6 high, and the STN default (protocols.md §1.1). */
export const DEFAULT_SERIAL_BAUD = 38400;

/** `tcp://HOST:PORT` (IPv6 hosts in brackets) or a serial device path. */
export function parsePortSpec(text: string | undefined, usage: string): PortSpec {
	if (text === undefined || text === '') {
		throw new UsageError(
			'--port is required (tcp://HOST:PORT or a serial device such as /dev/ttyUSB0)',
			usage
		);
	}
	if (!/^[a-z]+:\/\//i.test(text)) return { kind: 'serial', path: text };
	let url: URL;
	try {
		url = new URL(text);
	} catch (cause) {
		throw new UsageError(`--port ${text} is not a valid URL`, usage, { cause });
	}
	if (url.protocol !== 'tcp:') {
		throw new UsageError(
			`--port ${text}: only tcp:// URLs or serial device paths are supported`,
			usage
		);
	}
	const port = Number(url.port);
	if (url.hostname === '' || url.port === '' || !(port >= 1 && port <= 65535)) {
		throw new UsageError(
			`--port ${text} needs a host and a port, e.g. tcp://192.168.0.10:35000`,
			usage
		);
	}
	return { kind: 'tcp', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

export function openPort(
	spec: PortSpec,
	options: { baudRate?: number; timeoutMs?: number } = {}
): Promise<NodeByteStream> {
	if (spec.kind === 'tcp') {
		return connectTcp({ host: spec.host, port: spec.port, timeoutMs: options.timeoutMs });
	}
	return openNodeSerial({ path: spec.path, baudRate: options.baudRate ?? DEFAULT_SERIAL_BAUD });
}
