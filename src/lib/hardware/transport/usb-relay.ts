import * as Comlink from 'comlink';
import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from './usb';

/**
 * Lends a `USBDevice` the page holds to the adapter's worker over a MessagePort. Chrome exposes WebUSB in dedicated
 * workers, so the worker normally finds the granted device itself with `navigator.usb.getDevices()`; the relay is the
 * path where it cannot (a browser without worker WebUSB, or a device object that exists only in the page, as in our
 * Playwright fixtures). USB result objects are not structured-cloneable, so results cross as plain buffers.
 *
 * Bulk IN is read ahead: the page keeps `depth` transfers queued on the endpoint, as Linux keeps URBs queued
 * (protocols.md §3.3), and posts what completes to the worker in batches. One message per frame would tie a 1 kHz
 * bus to the page's main thread, which also renders; batching makes a busy frame cost one message, not dozens.
 */
interface PlainIn {
	status: UsbInResult['status'];
	data?: ArrayBuffer;
}

type InBatch = { results: PlainIn[] } | { error: { name: string; message: string } };

function toPlainIn(r: UsbInResult): PlainIn {
	if (!r.data) return { status: r.status };
	const { buffer, byteOffset, byteLength } = r.data;
	return {
		status: r.status,
		data: buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer
	};
}

function relayApi(device: UsbDeviceLike) {
	const streams = new Set<{ active: boolean }>();
	const plainOut = (r: UsbOutResult): UsbOutResult => ({
		status: r.status,
		bytesWritten: r.bytesWritten
	});
	const withData = (r: PlainIn) => (r.data ? Comlink.transfer(r, [r.data]) : r);
	return {
		info: () => ({
			vendorId: device.vendorId,
			productId: device.productId,
			productName: device.productName,
			serialNumber: device.serialNumber
		}),
		opened: () => device.opened,
		open: () => device.open(),
		close: () => {
			for (const s of streams) s.active = false;
			return device.close();
		},
		selectConfiguration: (v: number) => device.selectConfiguration(v),
		claimInterface: (n: number) => device.claimInterface(n),
		releaseInterface: (n: number) => device.releaseInterface(n),
		controlTransferIn: async (s: UsbControlSetup, l: number) =>
			withData(toPlainIn(await device.controlTransferIn(s, l))),
		controlTransferOut: async (s: UsbControlSetup, d?: ArrayBuffer) =>
			plainOut(await device.controlTransferOut(s, d)),
		transferOut: async (ep: number, d: ArrayBuffer) => plainOut(await device.transferOut(ep, d)),
		/** Starts read-ahead on `endpoint`; completions go to `sink` in batches until an error or close. */
		streamIn(endpoint: number, length: number, depth: number, sink: (batch: InBatch) => void) {
			const stream = { active: true };
			streams.add(stream);
			let pending: PlainIn[] = [];
			const flush = () => {
				if (pending.length === 0) return;
				const results = pending;
				pending = [];
				sink(
					Comlink.transfer(
						{ results },
						results.flatMap((r) => (r.data ? [r.data] : []))
					)
				);
			};
			const loop = async () => {
				while (stream.active) {
					let result: UsbInResult;
					try {
						result = await device.transferIn(endpoint, length);
					} catch (err) {
						if (!stream.active) return;
						stream.active = false;
						flush();
						const { name = 'Error', message = String(err) } = err as Error;
						sink({ error: { name, message } });
						return;
					}
					if (pending.length === 0) queueMicrotask(flush);
					pending.push(toPlainIn(result));
				}
			};
			for (let i = 0; i < depth; i++) void loop();
		}
	};
}

type RelayApi = ReturnType<typeof relayApi>;

/** Page side: serve `device` on `port` until the port closes. */
export function serveUsbDevice(device: UsbDeviceLike, port: MessagePort): void {
	Comlink.expose(relayApi(device), port);
}

export interface UsbRelayOptions {
	/** Bulk IN transfers the page keeps queued per endpoint. @default 32 */
	readAhead?: number;
}

/** Worker side: a `UsbDeviceLike` whose calls run on the page's device. */
export async function connectUsbRelay(
	port: MessagePort,
	options: UsbRelayOptions = {}
): Promise<UsbDeviceLike> {
	const remote = Comlink.wrap<RelayApi>(port);
	const info = await remote.info();
	let opened = await remote.opened();
	const streams = new Map<number, InStream>();
	const toIn = (r: PlainIn): UsbInResult =>
		r.data ? { status: r.status, data: new DataView(r.data) } : { status: r.status };
	const copy = (data: BufferSource): ArrayBuffer => {
		const view = ArrayBuffer.isView(data)
			? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
			: new Uint8Array(data);
		return view.slice().buffer;
	};
	return {
		...info,
		get opened() {
			return opened;
		},
		open: async () => {
			await remote.open();
			opened = true;
		},
		close: async () => {
			for (const s of streams.values())
				s.fail(new DOMException('device closed', 'InvalidStateError'));
			streams.clear();
			await remote.close();
			opened = false;
		},
		selectConfiguration: (v) => remote.selectConfiguration(v),
		claimInterface: (n) => remote.claimInterface(n),
		releaseInterface: (n) => remote.releaseInterface(n),
		controlTransferIn: async (s, l) => toIn(await remote.controlTransferIn(s, l)),
		controlTransferOut: (s, d) => {
			if (!d) return remote.controlTransferOut(s);
			const buf = copy(d);
			return remote.controlTransferOut(s, Comlink.transfer(buf, [buf]));
		},
		transferIn: (ep, length) => {
			let stream = streams.get(ep);
			if (!stream) {
				const created = new InStream();
				stream = created;
				streams.set(ep, created);
				void remote.streamIn(
					ep,
					length,
					options.readAhead ?? 32,
					Comlink.proxy((batch: InBatch) => {
						if ('error' in batch)
							created.fail(Object.assign(new Error(batch.error.message), batch.error));
						else for (const r of batch.results) created.push(toIn(r));
					})
				);
			}
			return stream.next();
		},
		transferOut: (ep, d) => {
			const buf = copy(d);
			return remote.transferOut(ep, Comlink.transfer(buf, [buf]));
		}
	};
}

/** Completed IN transfers waiting for the driver, and driver calls waiting for transfers. */
class InStream {
	private readonly results: UsbInResult[] = [];
	private readonly waiters: { resolve(r: UsbInResult): void; reject(e: unknown): void }[] = [];
	private error: unknown;

	push(result: UsbInResult): void {
		const waiter = this.waiters.shift();
		if (waiter) waiter.resolve(result);
		else this.results.push(result);
	}

	fail(error: unknown): void {
		this.error ??= error;
		for (const w of this.waiters.splice(0)) w.reject(this.error);
	}

	next(): Promise<UsbInResult> {
		const ready = this.results.shift();
		if (ready) return Promise.resolve(ready);
		if (this.error !== undefined) return Promise.reject(this.error);
		return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
	}
}
