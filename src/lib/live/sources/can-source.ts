import {
	AdapterRejectedError,
	createAdapterFramePort,
	type CanAdapter,
	type CanFramePort,
	type CanFrame,
	type CanOpenOptions
} from '../../hardware';
import { createIsoTpObdRequester } from '../../hardware/diagnostics/isotp-obd-requester';
import type { ObdRequester } from '../../hardware/diagnostics/obd-requester';
import type { LiveSource, PolledChannels, SourceSink } from './live-source';

export interface CanSourceOptions {
	adapter: CanAdapter;
	name: string;
	open: CanOpenOptions;
	/**
	 * The frame each protective command puts on the bus, for this vehicle. Empty means the source is a pure
	 * listener: a safety action asks, and is told plainly that nothing was sent.
	 */
	protectiveFrames?: Readonly<Record<string, CanFrame>>;
	/**
	 * Whether safety actions may transmit. Defaults to "not listen-only"; an adapter that cannot be silent on the
	 * bus (J2534 has no listen-only mode) passes false to keep protective commands behind the user's consent.
	 */
	transmitAllowed?: boolean;
}

/** A CAN adapter as a live source: frames go to the session's DBC decoder. */
export class CanSource implements LiveSource {
	readonly kind: string;
	readonly name: string;
	private readonly options: CanSourceOptions;
	private transmitStopped = false;
	private dbcFrames: Readonly<Record<string, CanFrame>> = {};
	private port: CanFramePort | undefined;
	private obd: (ObdRequester & { close(): void }) | undefined;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(options: CanSourceOptions) {
		if (!options?.adapter) throw new TypeError('CanSource needs an adapter');
		this.options = options;
		this.kind = options.adapter.kind;
		this.name = options.name;
	}

	async open(sink: SourceSink): Promise<PolledChannels | null> {
		// ISO-TP links (diagnostics) hear the same frames the live pipeline decodes.
		const { port, sink: tee } = createAdapterFramePort(this.options.adapter, {
			frame: (f) => sink.frame(f),
			closed: (reason) => sink.closed(reason)
		});
		this.port = port;
		await this.options.adapter.open(this.options.open, tee);
		return null;
	}

	async sendProtective(command: string): Promise<void> {
		const frame = this.options.protectiveFrames?.[command] ?? this.dbcFrames[command];
		const kind = this.options.adapter.kind;
		if (this.transmitStopped)
			throw new AdapterRejectedError(`"${command}" not sent: transmit was shut down`, kind);
		if (!this.canTransmit())
			throw new AdapterRejectedError(
				`"${command}" not sent: transmit is not allowed on this connection (listen-only)`,
				kind
			);
		if (!frame)
			throw new AdapterRejectedError(
				`"${command}" is not defined for this vehicle (its DBC has no CarTechProtect message naming it)`,
				kind
			);
		await this.options.adapter.send(frame);
	}

	useProtectiveFrames(frames: Readonly<Record<string, CanFrame>>): void {
		this.dbcFrames = frames;
	}

	exclusive<T>(task: (obd: ObdRequester) => Promise<T>): Promise<T> {
		const kind = this.options.adapter.kind;
		if (!this.port) return Promise.reject(new AdapterRejectedError('not connected', kind));
		if (!this.canTransmit())
			return Promise.reject(
				new AdapterRejectedError(
					'diagnostics send requests to the car: allow transmit on the Connect page first',
					kind
				)
			);
		this.obd ??= createIsoTpObdRequester({ port: this.port });
		const obd = this.obd;
		const run = this.queue.then(() => task(obd));
		this.queue = run.catch(() => {});
		return run;
	}

	stopTransmit(): void {
		this.transmitStopped = true;
	}

	close(): Promise<void> {
		this.obd?.close();
		return this.options.adapter.close();
	}

	private canTransmit(): boolean {
		return (
			!this.options.open.listenOnly &&
			this.options.transmitAllowed !== false &&
			!this.transmitStopped
		);
	}
}
