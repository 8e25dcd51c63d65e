import { Elm327Adapter } from '../lib/hardware/adapters/elm327';
import type { Elm327Identity } from '../lib/hardware/protocol/elm327';
import { openPort, type PortSpec } from './port';

export interface ElmSessionOptions {
	/** Serial baud rate; ignored on TCP. */
	baudRate?: number;
	/** Per request; also the TCP connect timeout. */
	timeoutMs?: number;
	/** ATSP digit, '0' = automatic search. */
	protocol: string;
}

/**
 * Opens the port, brings the ELM327/STN up (ATZ … ATSPn, ATI/STI) and runs `task`; the adapter and the port are
 * closed afterwards whatever happens, so a failed command never leaves the adapter in monitor mode.
 */
export async function withElm327<T>(
	spec: PortSpec,
	options: ElmSessionOptions,
	task: (adapter: Elm327Adapter, identity: Elm327Identity) => Promise<T>
): Promise<T> {
	const stream = await openPort(spec, { baudRate: options.baudRate, timeoutMs: options.timeoutMs });
	const adapter = new Elm327Adapter({ stream, queryTimeoutMs: options.timeoutMs });
	try {
		const identity = await adapter.initialize({ protocol: options.protocol });
		return await task(adapter, identity);
	} finally {
		await adapter.close();
		await stream.close();
	}
}
