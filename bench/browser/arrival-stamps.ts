// Timing probes for the browser latency bench. They only observe: every call goes through to the real device, and
// the transfer promise the driver awaits is the relay's own.
import type { UsbDeviceLike, UsbInResult } from '../../src/lib/hardware/transport/usb';

/** Slots of the page → worker hand-off ring; the worker never lags the page by more than a few hundred transfers. */
export const HANDOFF_SLOTS = 1 << 16;
/** Each slot: [absolute ms the page completed the transfer, the frame's 32-bit gs_usb timestamp or NaN]. */
export const HANDOFF_SLOT_SIZE = 2;
/** gs_host_frame with hardware timestamp: the timestamp_us word follows the 8 data bytes (protocols.md §3). */
const TIMESTAMP_OFFSET = 20;

/** `device` with `transferIn` routed through `hook`; everything else passes straight through. */
function hookTransferIn(
	device: UsbDeviceLike,
	hook: (transfer: Promise<UsbInResult>) => Promise<UsbInResult>
): UsbDeviceLike {
	return {
		vendorId: device.vendorId,
		productId: device.productId,
		productName: device.productName,
		serialNumber: device.serialNumber,
		get opened() {
			return device.opened;
		},
		open: () => device.open(),
		close: () => device.close(),
		selectConfiguration: (v) => device.selectConfiguration(v),
		claimInterface: (n) => device.claimInterface(n),
		releaseInterface: (n) => device.releaseInterface(n),
		controlTransferIn: (s, l) => device.controlTransferIn(s, l),
		controlTransferOut: (s, d) => device.controlTransferOut(s, d),
		transferIn: (ep, length) => hook(device.transferIn(ep, length)),
		transferOut: (ep, d) => device.transferOut(ep, d)
	};
}

/**
 * Page side: writes the absolute time each IN transfer completes, in completion order, into a ring the worker
 * shares. The relay posts completions in that same order and the worker's InStream hands them out FIFO, so the
 * worker's n-th transfer is the page's n-th.
 */
export function stampHandoff(device: UsbDeviceLike, ring: Float64Array): UsbDeviceLike {
	let seq = 0;
	return hookTransferIn(device, (transfer) =>
		transfer.then((result) => {
			const slot = (seq++ % HANDOFF_SLOTS) * HANDOFF_SLOT_SIZE;
			ring[slot] = performance.timeOrigin + performance.now();
			const data = result.data;
			ring[slot + 1] =
				data && data.byteLength >= TIMESTAMP_OFFSET + 4
					? data.getUint32(TIMESTAMP_OFFSET, true)
					: NaN;
			return result;
		})
	);
}

/** When the worker's latest MessagePort message began dispatching; counts the messages too. */
const port = { at: NaN, messages: 0, event: null as Event | null };

/**
 * Worker side, before any port is wired: every MessagePort 'message' listener first notes the dispatch time. Relay
 * batches arrive as such messages (Comlink listens with addEventListener), so this is when a frame's bytes land in
 * the worker, before it waits behind the frames ahead of it in the same batch.
 */
export function stampPortMessages(): void {
	const proto = MessagePort.prototype;
	const add = proto.addEventListener;
	const remove = proto.removeEventListener;
	const wrapped = new WeakMap<object, EventListener>();
	const wrap = (listener: EventListenerOrEventListenerObject): EventListener => {
		let w = wrapped.get(listener);
		if (!w) {
			w = function (this: MessagePort, event: Event) {
				if (event !== port.event) {
					port.event = event;
					port.at = performance.now();
					port.messages++;
				}
				if (typeof listener === 'function') listener.call(this, event);
				else listener.handleEvent(event);
			};
			wrapped.set(listener, w);
		}
		return w;
	};
	proto.addEventListener = function (
		this: MessagePort,
		type: string,
		listener: EventListenerOrEventListenerObject,
		options?: boolean | AddEventListenerOptions
	) {
		add.call(this, type, type === 'message' && listener ? wrap(listener) : listener, options);
	} as typeof proto.addEventListener;
	proto.removeEventListener = function (
		this: MessagePort,
		type: string,
		listener: EventListenerOrEventListenerObject,
		options?: boolean | EventListenerOptions
	) {
		const w = type === 'message' && listener ? wrapped.get(listener) : undefined;
		remove.call(this, type, w ?? listener, options);
	} as typeof proto.removeEventListener;
}

/** What the worker knows about the transfer the driver is processing right now. */
export interface CurrentTransfer {
	/** performance.now() when its relay message began dispatching. */
	arrivalMs: number;
	/** Absolute ms the page handed it to the relay, NaN without a hand-off ring. */
	handoffMs: number;
	/** The gs_usb timestamp the page saw in it, to prove the ring is in step with the frames; NaN if unknown. */
	handoffFrameUs: number;
	/** Relay messages seen so far, and the most transfers one carried. */
	relayMessages: number;
	largestBatch: number;
}

/**
 * Worker side: `current` describes the transfer whose frame the driver is decoding. The stamp is a reaction
 * registered on the transfer's promise before the driver's `await`, so it runs immediately before the driver's
 * continuation, which decodes and delivers the frame synchronously.
 */
export function stampArrival(
	device: UsbDeviceLike,
	handoff: Float64Array | null
): { device: UsbDeviceLike; current: CurrentTransfer } {
	const current: CurrentTransfer = {
		arrivalMs: NaN,
		handoffMs: NaN,
		handoffFrameUs: NaN,
		relayMessages: 0,
		largestBatch: 0
	};
	let seq = 0;
	let batchMessage = -1;
	let batch = 0;
	const stamp = () => {
		current.arrivalMs = port.at;
		const slot = (seq++ % HANDOFF_SLOTS) * HANDOFF_SLOT_SIZE;
		current.handoffMs = handoff ? handoff[slot] : NaN;
		current.handoffFrameUs = handoff ? handoff[slot + 1] : NaN;
		if (port.messages !== batchMessage) {
			batchMessage = port.messages;
			batch = 0;
			current.relayMessages++;
		}
		current.largestBatch = Math.max(current.largestBatch, ++batch);
	};
	const hooked = hookTransferIn(device, (transfer) => {
		transfer.then(stamp, () => {});
		return transfer;
	});
	return { device: hooked, current };
}
