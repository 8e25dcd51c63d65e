import type { AdapterError, CanFrame } from '../../hardware';
import type { ObdRequester } from '../../hardware/diagnostics/obd-requester';
import type { ChannelInfo } from '../live-pipeline';

/**
 * Where a live session's data comes from, whatever the adapter family. CAN sources (gs_usb, SLCAN, panda,
 * OpenPort, ELM327 monitor) hand over frames that the session decodes with its DBC; polled sources (OBD PIDs through
 * an ELM327, TunerStudio output channels) name their own channels and hand over rounds of values.
 */
export interface SourceSink {
	frame(frame: CanFrame): void;
	/** `values[k]` is channel `indexes[k]` at `tUs` (µs, host or adapter clock). */
	round(tUs: number, indexes: ArrayLike<number>, values: ArrayLike<number>): void;
	/** The source stopped for good: `null` after close(), an AdapterError when the device went away. */
	closed(reason: AdapterError | null): void;
}

/** What a polled source delivers, known only once it has talked to the ECU (supported PIDs, the ECU's ini). */
export interface PolledChannels {
	channels: ChannelInfo[];
	/** The rate a user should expect, with the reason (baud rate, bytes per round, requests per round). */
	expectedRate?: { hz: number; why: string };
}

export interface LiveSource {
	/** Adapter family id, as on the Connect page ('gs_usb', 'slcan', …). */
	readonly kind: string;
	/** What the user sees, e.g. "CANable (slcan)". */
	readonly name: string;
	/**
	 * Brings the adapter up. CAN sources start delivering frames at once and resolve `null` (decode with the DBC);
	 * polled sources resolve their channel list and deliver nothing until start().
	 */
	open(sink: SourceSink): Promise<PolledChannels | null>;
	/** Polled sources: begin polling; the pipeline for their channels now exists. */
	start?(): void;
	/**
	 * Sends the profile's protective command (safety action `protective-command`). Rejects with a reason when this
	 * source cannot transmit (listen-only, a polled protocol without such a command).
	 */
	sendProtective?(command: string): Promise<void>;
	/** The vehicle's protective-command frames from its DBC (CAN sources); explicit ones given at construction win. */
	useProtectiveFrames?(frames: Readonly<Record<string, CanFrame>>): void;
	/** Stops transmitting anything this source started (emergency shutdown). */
	stopTransmit?(): void;
	/**
	 * Runs an OBD-II diagnostic task (VIN, DTCs, readiness) with the link to itself, between live requests. Rejects
	 * with a reason when this connection cannot ask the car (listen-only, a protocol without OBD).
	 */
	exclusive?<T>(task: (obd: ObdRequester) => Promise<T>): Promise<T>;
	/** Idempotent. */
	close(): Promise<void>;
}
