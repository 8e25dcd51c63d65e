import * as Comlink from 'comlink';
import carDbc from '../hardware/emulators/vehicle/simulated-car.dbc?raw';
import {
	findGrantedGsUsbDevice,
	connectUsbRelay,
	type UsbLike,
	type UsbDeviceLike,
	type ScenarioName
} from '../hardware';
import { LiveSession, type LinkStatus } from '../live/live-session';
import type { UploadStatus } from '../logs/upload-queue';
import { MemoryOutboxStore, type OutboxStore } from '../logs/upload-queue';
import { defaultBounds } from '../safety/profiles';
import { IdbOutboxStore } from './idb-outbox-store';

/** The adapter's worker (STYLE R13): owns the device, decodes, checks and records. Logic lives in LiveSession. */
let session: LiveSession | undefined;

export interface WorkerCallbacks {
	status(status: LinkStatus): void;
	upload(status: UploadStatus): void;
}

async function openOutbox(): Promise<OutboxStore> {
	try {
		return await IdbOutboxStore.open();
	} catch {
		return new MemoryOutboxStore();
	}
}

function requireSession(): LiveSession {
	if (!session) throw new Error('live worker not initialised');
	return session;
}

const api = {
	async init(callbacks: WorkerCallbacks) {
		session ??= new LiveSession({
			dbcText: carDbc,
			rules: defaultBounds,
			outbox: await openOutbox(),
			fetch: (input, init) => fetch(input, init),
			onStatus: (s) => callbacks.status(s),
			onUpload: (s) => callbacks.upload(s)
		});
		return session.channels;
	},
	setDbc: (text: string) => requireSession().setDbc(text),
	connectSimulated: (scenario: ScenarioName) =>
		requireSession().connect({ source: 'simulated', scenario }),
	/**
	 * Real gs_usb: use the device the page was granted if this worker can see it (Chrome has WebUSB in workers);
	 * otherwise drive the page's device over the relay port.
	 */
	async connectWebUsb(
		match: { vendorId: number; productId: number; serialNumber?: string },
		relay: MessagePort
	) {
		const usb = (self.navigator as Navigator & { usb?: UsbLike }).usb;
		const own = usb
			? await findGrantedGsUsbDevice(usb, match.serialNumber).catch(() => null)
			: null;
		const device: UsbDeviceLike =
			own && own.vendorId === match.vendorId && own.productId === match.productId
				? own
				: await connectUsbRelay(relay);
		return requireSession().connect({ source: 'webusb', device });
	},
	disconnect: () => requireSession().disconnect(),
	unplugSimulated: () => requireSession().unplugSimulated(),
	setScenario: (name: ScenarioName) => requireSession().setScenario(name),
	snapshot(windowMs: number, buckets: number, only?: string[]) {
		const snap = requireSession().snapshot(windowMs, buckets, only);
		return Comlink.transfer(
			snap,
			snap.channels.flatMap((c) => [c.t.buffer, c.v.buffer])
		);
	},
	startRecording: (meta: { logId: string; name: string; vehicleId?: string }) =>
		requireSession().startRecording(meta),
	stopRecording: () => requireSession().stopRecording(),
	uploadStatus: () => requireSession().uploadStatus(),
	flushUploads: () => requireSession().flushUploads()
};

export type LiveWorkerApi = typeof api;

Comlink.expose(api);
