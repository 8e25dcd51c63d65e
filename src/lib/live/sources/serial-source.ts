import {
	openSerial,
	type ByteStream,
	type CanFrame,
	type SerialOpenOptions,
	type SerialPortLike
} from '../../hardware';
import type { ObdRequester } from '../../hardware/diagnostics/obd-requester';
import type { LiveSource, PolledChannels, SourceSink } from './live-source';

export interface SerialSourceOptions {
	kind: string;
	name: string;
	port: SerialPortLike;
	serial: SerialOpenOptions;
	/** The driver-backed source over the opened port's streams. */
	build(stream: ByteStream): LiveSource;
}

/**
 * A serial adapter as a live source: opens the port, hands its streams to the family's driver, and closes the
 * port after the driver lets go (WebSerial's close() rejects while the streams are locked).
 */
export class SerialSource implements LiveSource {
	readonly kind: string;
	readonly name: string;
	private readonly options: SerialSourceOptions;
	private inner: LiveSource | undefined;
	private opened = false;
	private closing: Promise<void> | undefined;
	private protectiveFrames: Readonly<Record<string, CanFrame>> = {};

	constructor(options: SerialSourceOptions) {
		if (!options?.port) throw new TypeError('SerialSource needs a port');
		this.options = options;
		this.kind = options.kind;
		this.name = options.name;
	}

	async open(sink: SourceSink): Promise<PolledChannels | null> {
		const stream = await openSerial(this.options.port, this.options.serial);
		this.opened = true;
		this.inner = this.options.build(stream);
		this.inner.useProtectiveFrames?.(this.protectiveFrames);
		return this.inner.open(sink);
	}

	start(): void {
		this.inner?.start?.();
	}

	sendProtective(command: string): Promise<void> {
		if (!this.inner?.sendProtective)
			return Promise.reject(new Error(`${this.name} cannot send "${command}"`));
		return this.inner.sendProtective(command);
	}

	useProtectiveFrames(frames: Readonly<Record<string, CanFrame>>): void {
		this.protectiveFrames = frames;
		this.inner?.useProtectiveFrames?.(frames);
	}

	stopTransmit(): void {
		this.inner?.stopTransmit?.();
	}

	exclusive<T>(task: (obd: ObdRequester) => Promise<T>): Promise<T> {
		if (!this.inner?.exclusive)
			return Promise.reject(new Error(`${this.name} does not speak OBD-II`));
		return this.inner.exclusive(task);
	}

	close(): Promise<void> {
		this.closing ??= (async () => {
			await this.inner?.close().catch(() => {});
			if (this.opened) await this.options.port.close().catch(() => {});
		})();
		return this.closing;
	}
}
