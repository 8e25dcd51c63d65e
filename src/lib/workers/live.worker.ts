import * as Comlink from 'comlink';
import carDbc from '../hardware/emulators/vehicle/simulated-car.dbc?raw';
import {
	findGrantedUsbDevice,
	connectUsbRelay,
	connectSerialRelay,
	findGrantedSerialPort,
	type SerialLike,
	type SerialPortInfoLike,
	type SerialPortLike,
	type UsbLike,
	type UsbDeviceLike,
	type ScenarioName
} from '../hardware';
import { LiveSession, type ActionEvent, type LinkStatus } from '../live/live-session';
import {
	serialSource,
	usbSource,
	type DeviceSourceOptions,
	type SerialFamily,
	type UsbFamily
} from '../live/sources/device-sources';
import type { SimulatedVia } from '../live/sources/simulated';
import type { DiagnosticOp } from '../live/diagnostics';
import type { UploadStatus } from '../logs/upload-queue';
import { MemoryOutboxStore, type OutboxStore } from '../logs/upload-queue';
import { turboPetrolProfile, type SafetyProfile } from '../safety';
import { IdbOutboxStore } from './idb-outbox-store';

/** The adapter's worker (STYLE R13): owns the device, decodes, checks and records. Logic lives in LiveSession. */
let session: LiveSession | undefined;

export interface WorkerCallbacks {
	status(status: LinkStatus): void;
	upload(status: UploadStatus): void;
	action(event: ActionEvent): void;
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
			profile: turboPetrolProfile,
			outbox: await openOutbox(),
			fetch: (input, init) => fetch(input, init),
			onStatus: (s) => callbacks.status(s),
			onUpload: (s) => callbacks.upload(s),
			onAction: (e) => callbacks.action(e)
		});
		return session.channels;
	},
	setDbc: (text: string) => requireSession().setDbc(text),
	setProfile: (profile: SafetyProfile) => requireSession().setProfile(profile),
	connectSimulated: (scenario: ScenarioName, via: SimulatedVia = 'gs_usb') =>
		requireSession().connectSimulated(scenario, via),
	/**
	 * A real USB adapter: use the device the page was granted if this worker can see it (Chrome has WebUSB in
	 * workers); otherwise drive the page's device over the relay port.
	 */
	async connectWebUsb(
		family: UsbFamily,
		match: { vendorId: number; productId: number; serialNumber?: string },
		relay: MessagePort,
		options: DeviceSourceOptions = {}
	) {
		const usb = (self.navigator as Navigator & { usb?: UsbLike }).usb;
		const own = usb ? await findGrantedUsbDevice(usb, match).catch(() => null) : null;
		const device: UsbDeviceLike = own ?? (await connectUsbRelay(relay));
		return requireSession().connect(usbSource(family, device, options));
	},
	/** A real serial adapter: the worker's own grant when it can see it (WebSerial §2), else the page's port. */
	async connectWebSerial(
		family: SerialFamily,
		info: SerialPortInfoLike,
		relay: MessagePort,
		options: DeviceSourceOptions = {}
	) {
		const serial = (self.navigator as Navigator & { serial?: SerialLike }).serial;
		const own = serial ? await findGrantedSerialPort(serial, info).catch(() => null) : null;
		const port: SerialPortLike = own ?? (await connectSerialRelay(relay));
		return requireSession().connect(serialSource(family, port, options));
	},
	acknowledge: (ruleId: string) => requireSession().acknowledge(ruleId),
	override: (ruleId: string, durationMs: number) => requireSession().override(ruleId, durationMs),
	diagnose: (op: DiagnosticOp) => requireSession().diagnose(op),
	protectiveRequestsReceived: () => requireSession().protectiveRequestsReceived(),
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
	setUploadOwner: (owner: string | null) => requireSession().setUploadOwner(owner),
	uploadStatus: () => requireSession().uploadStatus(),
	flushUploads: () => requireSession().flushUploads()
};

export type LiveWorkerApi = typeof api;

Comlink.expose(api);
