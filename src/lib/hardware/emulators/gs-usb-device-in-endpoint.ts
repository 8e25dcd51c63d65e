import { toDataView } from '../protocol/gs-usb-requests';
import { GsFrameFlag, encodeHostFrame, type GsHostFrame } from '../protocol/gs-usb-frame';
import type { UsbRecord } from './usb-transcript';
import type { PendingInTransfers } from './usb-device-state';

export interface GsInEndpointOptions {
	/** Frames buffered for the host before RX frames are dropped (candleLight's frame pool). */
	capacity: number;
	/** config.h CAN_DATA_MAX_PACKET_SIZE, what PAD_PKTS_TO_MAX_PKT_SIZE pads classic frames to. */
	maxPacketSize: number;
	/** hcan->timestamps_enabled / pad_pkts_to_max_pkt_size, read when each frame goes out. */
	mode(): { timestamps: boolean; padPackets: boolean };
	/** The host's open transferIn() calls (UsbDeviceState.pendingIn). */
	pending: PendingInTransfers;
	log: UsbRecord[];
}

/**
 * candleLight's list_to_host and EP 0x81: every frame for the host is one bulk IN transfer, sized
 * at send time by USBD_GS_CAN_SendFrame (classic or FD, ± timestamp, classic frames optionally
 * padded). Open transferIn() calls are served in order as frames arrive.
 */
export class GsInEndpoint {
	/** RX frames dropped because the host did not read (the OVERFLOW flag marks the next one). */
	droppedFrames = 0;
	readonly #options: GsInEndpointOptions;
	readonly #queue: GsHostFrame[] = [];
	#overflowPending = false;
	#corruptNext: number | null = null;

	constructor(options: GsInEndpointOptions) {
		this.#options = options;
	}

	/**
	 * A received or error frame: with no free buffer it is dropped and OVERFLOW set on the next.
	 * Queued only; the caller flushes once per poll, as the firmware's main loop does.
	 */
	receive(hf: GsHostFrame): void {
		if (this.#queue.length >= this.#options.capacity) {
			this.droppedFrames++;
			this.#overflowPending = true;
			return;
		}
		if (this.#overflowPending) {
			hf.flags |= GsFrameFlag.OVERFLOW;
			this.#overflowPending = false;
		}
		this.#queue.push(hf);
	}

	/** A TX echo (it reuses the host frame's own buffer, so it is never dropped) or an injected frame. */
	push(hf: GsHostFrame): void {
		this.#queue.push(hf);
		this.flush();
	}

	/** Fault injection: the next IN transfer carries only the first `bytes` bytes of its frame. */
	corruptNext(bytes: number): void {
		this.#corruptNext = bytes;
	}

	/** can_disable() → usbd_gs_can_purge_to_host_list_by_channel(). */
	purge(channel: number): void {
		for (let i = this.#queue.length - 1; i >= 0; i--) {
			if (this.#queue[i].channel === channel) this.#queue.splice(i, 1);
		}
	}

	flush(): void {
		const transfers = this.#options.pending;
		while (transfers.size > 0 && this.#queue.length > 0) {
			const pending = transfers.take()!;
			let bytes = this.#wireBytes(this.#queue.shift()!);
			if (this.#corruptNext !== null) {
				bytes = bytes.slice(0, this.#corruptNext);
				this.#corruptNext = null;
			}
			const status = bytes.length > pending.length ? 'babble' : 'ok';
			if (status === 'babble') bytes = bytes.slice(0, pending.length);
			this.#options.log.push({ kind: 'bulk', direction: 'in', endpoint: 1, data: bytes, status });
			pending.resolve({ status, data: toDataView(bytes) });
		}
	}

	/** USBD_GS_CAN_SendFrame: size from the timestamps flag at send time; FD frames are never padded. */
	#wireBytes(hf: GsHostFrame): Uint8Array {
		const { timestamps, padPackets } = this.#options.mode();
		const { timestampUs, ...rest } = hf;
		const bytes = encodeHostFrame(timestamps ? { ...rest, timestampUs: timestampUs ?? 0 } : rest);
		if (!padPackets || hf.flags & GsFrameFlag.FD) return bytes;
		const padded = new Uint8Array(this.#options.maxPacketSize);
		padded.set(bytes);
		return padded;
	}
}
