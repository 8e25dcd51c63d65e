import type { RxPacket } from '../protocol/openport';
import { FilterTable } from './openport2-filters';

/** What a channel emulation hands back to the firmware: packets for the host and late J2534 errors. */
export interface ChannelOutput {
	packet(packet: RxPacket): void;
	/** An `are <n>` that completes a write asynchronously (e.g. an ISO-TP send that got no flow control). */
	error(code: number): void;
}

/** State every emulated J2534 channel keeps: how it was connected, its filters and its config parameters. */
export class ChannelBase {
	readonly protocol: number;
	readonly flags: number;
	readonly baud: number;
	readonly filters: FilterTable;
	readonly config = new Map<number, number>();

	constructor(protocol: number, flags: number, baud: number) {
		this.protocol = protocol;
		this.flags = flags;
		this.baud = baud;
		this.filters = new FilterTable(protocol);
	}
}

export function be32(value: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, value >>> 0);
	return out;
}

export function readBe32(data: Uint8Array): number {
	return ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
}
