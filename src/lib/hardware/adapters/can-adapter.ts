import type { CanFrame } from '../protocol/can-frame';
import type { AdapterError } from '../errors';

/** What a CAN-capable adapter driver (gs_usb, SLCAN, ELM monitor, panda, OpenPort) offers the layers above. */
export interface CanAdapter {
	/** Adapter family, e.g. 'gs_usb'. */
	readonly kind: string;
	/** Brings the device up on the bus and starts delivering frames to `sink`. */
	open(options: CanOpenOptions, sink: CanSink): Promise<void>;
	/** Queues one frame for transmission; resolves when the device has accepted it. */
	send(frame: CanFrame): Promise<void>;
	/** Takes the device off the bus and releases it. Idempotent. */
	close(): Promise<void>;
}

export interface CanOpenOptions {
	/** Nominal bit rate in bit/s. @default 500000 */
	bitrate?: number;
	/** Sample point as a fraction. @default 0.875 (CiA 301 recommendation) */
	samplePoint?: number;
	/** Never acknowledge or transmit; the safe default for sniffing a car. @default false */
	listenOnly?: boolean;
	/** Adapter channel. @default 0 */
	channel?: number;
	/**
	 * CAN FD data-phase bit rate in bit/s; setting it asks for CAN FD mode. gs_usb honours it and
	 * rejects it with AdapterRejectedError on a device without FD; the other drivers do not read it
	 * yet. @default undefined (classic CAN)
	 */
	dataBitrate?: number;
	/** Data-phase sample point as a fraction. @default CiA recommendation for the data bit rate, as Linux */
	dataSamplePoint?: number;
	/**
	 * Milliseconds after bus-off before the adapter restarts the controller by itself, like Linux
	 * `ip link … restart-ms`; 0 leaves it bus-off until the adapter's recover(). Read by gs_usb.
	 * @default 0
	 */
	restartMs?: number;
}

export type BusState = 'active' | 'warning' | 'passive' | 'bus-off' | 'stopped';

export interface CanSink {
	frame(frame: CanFrame): void;
	/** Controller state changes and error counters, from error frames or polling. */
	busState?(state: BusState, counters: { rx: number; tx: number }): void;
	/** The adapter stopped for good: `null` after `close()`, an AdapterError when it died underneath us. */
	closed(reason: AdapterError | null): void;
}
