import type { CanFrame } from '../protocol/can-frame';

/**
 * The far side of an emulated adapter: a simulated bus with ECUs on it. Adapter emulators (gs_usb, SLCAN, ELM…)
 * poll it with their own clock and hand what it returns to the host in each adapter's wire format.
 */
export interface CanBusSource {
	/** Frames the bus carried up to `nowUs` since the previous poll, in time order, timestamps in µs. */
	poll(nowUs: number): CanFrame[];
	/** A frame the adapter put on the bus (requests to ECUs, host transmissions). */
	transmit(frame: CanFrame, nowUs: number): void;
}
