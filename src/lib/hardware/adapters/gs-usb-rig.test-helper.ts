import { ScriptedBus } from '../emulators/scripted-bus.test-helper';
import { RecordingSink } from './recording-sink.test-helper';
import { GsUsbAdapter, type GsUsbWarning } from './gs-usb';
import { GsUsbEmulator, type GsUsbEmulatorOptions } from '../emulators/gs-usb-device';
import { formatTranscript } from '../emulators/usb-transcript';
import type { UsbDeviceLike, UsbInResult } from '../transport/usb';

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export type GsUsbRigOptions = Partial<GsUsbEmulatorOptions> & {
	txTimeoutMs?: number;
	rxTransfers?: number;
};

/** A GsUsbAdapter on a GsUsbEmulator (pumped by hand) over a ScriptedBus, sharing one fake clock. */
export function gsUsbRig(options: GsUsbRigOptions = {}) {
	const clock = { now: 1_000_000 };
	const bus = new ScriptedBus();
	const device = new GsUsbEmulator({ bus, clock: () => clock.now, autoPump: false, ...options });
	const warnings: GsUsbWarning[] = [];
	const adapter = new GsUsbAdapter({
		device,
		clock: () => clock.now,
		txTimeoutMs: options.txTimeoutMs,
		rxTransfers: options.rxTransfers,
		onWarning: (w) => warnings.push(w)
	});
	const sink = new RecordingSink();
	return { clock, bus, device, adapter, sink, warnings };
}

/** A plain object that forwards every UsbDeviceLike call to `device`, for overriding one of them. */
export function forward(device: GsUsbEmulator): UsbDeviceLike {
	return {
		vendorId: device.vendorId,
		productId: device.productId,
		productName: device.productName,
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
		transferIn: (e, l) => device.transferIn(e, l),
		transferOut: (e, d) => device.transferOut(e, d)
	};
}

/**
 * The emulator for control transfers, but bulk IN served only from transfers the test writes by
 * hand (`push('ffffffff…')`), so the driver is checked against bytes no emulator produced.
 */
export function handWrittenIn(device: GsUsbEmulator) {
	const queued: Uint8Array[] = [];
	const waiting: ((r: UsbInResult) => void)[] = [];
	const serve = () => {
		while (queued.length > 0 && waiting.length > 0) {
			const bytes = queued.shift()!;
			waiting.shift()!({ status: 'ok', data: new DataView(bytes.buffer) });
		}
	};
	const wrapped = forward(device);
	wrapped.transferIn = () =>
		new Promise<UsbInResult>((resolve) => {
			waiting.push(resolve);
			serve();
		});
	return {
		device: wrapped,
		push(hex: string): void {
			queued.push(Uint8Array.from(Buffer.from(hex.replace(/ /g, ''), 'hex')));
			serve();
		}
	};
}

export const controlLines = (device: GsUsbEmulator) =>
	formatTranscript(device.log.filter((r) => r.kind === 'control'));

export const bulkLines = (device: GsUsbEmulator) =>
	formatTranscript(device.log.filter((r) => r.kind === 'bulk'));
