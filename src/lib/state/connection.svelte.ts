import * as Comlink from 'comlink';
import {
	SERIAL_FILTERS,
	USB_FILTERS,
	requestSerialPort,
	requestUsbDevice,
	serveSerialPort,
	serveUsbDevice,
	type ScenarioName,
	type SerialLike,
	type SerialPortLike,
	type UsbLike,
	type UsbDeviceLike
} from '$lib/hardware';
import type { ActionEvent, LinkStatus } from '$lib/live/live-session';
import type {
	DeviceSourceOptions,
	SerialFamily,
	UsbFamily
} from '$lib/live/sources/device-sources';
import type { SimulatedVia } from '$lib/live/sources/simulated';
import type { DiagnosticOp, DiagnosticResult } from '$lib/live/diagnostics';
import {
	parseProfile,
	turboPetrolProfile,
	type SafetyProfile,
	type SafetyVerdict
} from '$lib/safety';
import type { UploadStatus } from '$lib/logs/upload-queue';
import { createLiveWorker, type LiveWorkerApi } from '$lib/workers/live';

type Snapshot = Awaited<ReturnType<LiveWorkerApi['snapshot']>>;

/**
 * The page's view of the adapter's worker (STYLE R12). It asks the worker for one decimated snapshot per animation
 * frame and swaps it in whole (`$state.raw`), so 1 kHz samples never touch Svelte's reactivity.
 */
export class LiveConnection {
	link = $state.raw<LinkStatus>({ state: 'idle', atMs: 0 });
	snapshot = $state.raw<Snapshot | null>(null);
	upload = $state.raw<UploadStatus>({
		pending: 0,
		pendingSamples: 0,
		rejected: 0,
		uploading: false,
		uploadedChunks: 0
	});
	error = $state<string | null>(null);
	/** Safety actions taken this connection (protective commands sent or refused), newest last. */
	lastAction = $state.raw<ActionEvent | null>(null);
	dbcName = $state('Simulated car (built in)');
	windowMs = $state(10_000);
	/** The vehicle on the bench, if one was picked; its profile judges the next connection. */
	vehicle = $state.raw<{ id: string; name: string } | null>(null);
	profileName = $state('Turbo petrol (shipped default)');

	private api: Comlink.Remote<LiveWorkerApi> | undefined;
	private ready: Promise<void> | undefined;
	private frame = 0;
	private polling = false;

	private init(): Promise<void> {
		this.ready ??= (async () => {
			this.api = createLiveWorker();
			await this.api.init(
				Comlink.proxy({
					status: (s: LinkStatus) => {
						this.link = s;
					},
					upload: (u: UploadStatus) => {
						this.upload = u;
					},
					action: (e: ActionEvent) => {
						this.lastAction = e;
					}
				})
			);
			this.upload = await this.api.uploadStatus();
		})();
		return this.ready;
	}

	private async worker(): Promise<Comlink.Remote<LiveWorkerApi>> {
		await this.init();
		return this.api!;
	}

	/** Starts the worker early (e.g. on page load) so pending uploads from an earlier visit resume. */
	/**
	 * Starts the worker early (on any signed-in page) so pending uploads from an earlier visit resume, for `owner`
	 * (user and shop) only: what another account recorded on this device waits for that account.
	 */
	async start(owner: string): Promise<void> {
		await this.init();
		await this.api!.setUploadOwner(owner);
		this.upload = await this.api!.uploadStatus();
	}

	async connectSimulated(scenario: ScenarioName, via: SimulatedVia = 'gs_usb'): Promise<void> {
		await this.run(async (api) => {
			await api.connectSimulated(scenario, via);
		});
	}

	/** Must be called from a user gesture: requestDevice needs one (WebUSB §6.1). */
	async connectWebUsb(
		family: UsbFamily = 'gs_usb',
		options: DeviceSourceOptions = {}
	): Promise<void> {
		const usb = (navigator as Navigator & { usb?: UsbLike }).usb;
		if (!usb) {
			this.error =
				'This browser has no WebUSB. Use Chrome or Edge on desktop, or pick the simulated car.';
			return;
		}
		let device: UsbDeviceLike | null;
		try {
			device = await requestUsbDevice(usb, USB_FILTERS[family]);
		} catch (err) {
			this.error = (err as Error).message;
			return;
		}
		if (!device) return;
		const chosen = device;
		await this.run(async (api) => {
			const channel = new MessageChannel();
			serveUsbDevice(chosen, channel.port1);
			const match = {
				vendorId: chosen.vendorId,
				productId: chosen.productId,
				serialNumber: chosen.serialNumber
			};
			await api.connectWebUsb(
				family,
				match,
				Comlink.transfer(channel.port2, [channel.port2]),
				options
			);
		});
	}

	/** Must be called from a user gesture: requestPort needs one (Web Serial API §3.1). */
	async connectWebSerial(family: SerialFamily, options: DeviceSourceOptions = {}): Promise<void> {
		const serial = (navigator as Navigator & { serial?: SerialLike }).serial;
		if (!serial) {
			this.error =
				'This browser has no Web Serial. Use Chrome or Edge on desktop, or pick the simulated car.';
			return;
		}
		let port: SerialPortLike | null;
		try {
			port = await requestSerialPort(serial, SERIAL_FILTERS[family]);
		} catch (err) {
			this.error = (err as Error).message;
			return;
		}
		if (!port) return;
		const chosen = port;
		await this.run(async (api) => {
			const channel = new MessageChannel();
			serveSerialPort(chosen, channel.port1);
			await api.connectWebSerial(
				family,
				chosen.getInfo(),
				Comlink.transfer(channel.port2, [channel.port2]),
				options
			);
		});
	}

	/** One Diagnostics-page read on the connected car; throws with the reason when it cannot be asked. */
	async diagnose(op: DiagnosticOp): Promise<DiagnosticResult> {
		return (await this.worker()).diagnose(op);
	}

	/**
	 * A technician's acknowledgement or override of a rule: the server checks the role and writes the audit entry
	 * first, and only then does the worker release the latch or suspend the rule's actions.
	 */
	async recordSafetyAction(input: {
		action: 'acknowledge' | 'override';
		alarm: SafetyVerdict;
		reason: string;
		durationMs?: number;
	}): Promise<string | null> {
		const { alarm } = input;
		const response = await fetch('/api/safety/actions', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				action: input.action,
				ruleId: alarm.ruleId,
				level: alarm.level,
				reason: input.reason,
				context: {
					channel: alarm.channel,
					value: Number.isFinite(alarm.value) ? alarm.value : null,
					limit: alarm.limit ?? null,
					...(input.durationMs ? { durationMs: input.durationMs } : {})
				}
			})
		}).catch((err: Error) => err);
		if (response instanceof Error) return `Not recorded (offline?): ${response.message}`;
		if (!response.ok) {
			const body = (await response.json().catch(() => null)) as { message?: string } | null;
			return body?.message ?? `Refused (${response.status})`;
		}
		const api = await this.worker();
		if (input.action === 'acknowledge') await api.acknowledge(alarm.ruleId);
		else await api.override(alarm.ruleId, input.durationMs ?? 10 * 60_000);
		return null;
	}

	/** Decodes with the user's DBC from the next connection on. DBC files are Latin-1 (protocols.md §8.1). */
	async loadDbc(file: File): Promise<void> {
		const text = new TextDecoder('latin1').decode(await file.arrayBuffer());
		await this.run(async (api) => {
			const channels = await api.setDbc(text);
			this.dbcName = `${file.name} (${channels.length} signals)`;
		});
	}

	/** Judges by this profile (a vehicle's merged profile) from the next connection on. */
	async setProfile(profile: SafetyProfile): Promise<void> {
		await this.run((api) => api.setProfile(profile));
	}

	async disconnect(): Promise<void> {
		await this.run((api) => api.disconnect());
	}

	async unplugSimulated(): Promise<void> {
		await (await this.worker()).unplugSimulated();
	}

	async setScenario(name: ScenarioName): Promise<void> {
		await (await this.worker()).setScenario(name);
	}

	async startRecording(name: string): Promise<string> {
		const logId = crypto.randomUUID();
		const vehicleId = this.vehicle?.id;
		await this.run((api) => api.startRecording({ logId, name, vehicleId }));
		return logId;
	}

	/**
	 * Picks the vehicle on the bench: its safety profile judges the next connection, and recordings belong to it.
	 * The server sends the vehicle's merged profile; it is validated again here before the worker takes it. On any
	 * failure the current profile stays and the page says which one is active.
	 */
	async chooseVehicle(vehicle: { id: string; name: string } | null): Promise<void> {
		this.error = null;
		if (!vehicle) {
			this.vehicle = null;
			this.profileName = 'Turbo petrol (shipped default)';
			await this.run((api) => api.setProfile(turboPetrolProfile));
			return;
		}
		try {
			const response = await fetch(`/api/vehicles/${vehicle.id}/safety-profile`);
			if (!response.ok) throw new Error(`the server answered ${response.status}`);
			const profile = parseProfile(await response.json());
			await (await this.worker()).setProfile(profile);
			this.vehicle = vehicle;
			this.profileName = `${profile.name} v${profile.version}`;
		} catch (err) {
			this.error = `${vehicle.name}'s safety profile could not be loaded (${(err as Error).message}); still judging by ${this.profileName}.`;
		}
	}

	async stopRecording(): Promise<void> {
		await this.run((api) => api.stopRecording());
	}

	/** Polls snapshots once per animation frame while anything is watching. Returns a stop function. */
	watch(buckets: () => number): () => void {
		let active = true;
		const loop = async () => {
			if (!active) return;
			if (!this.polling && this.api) {
				this.polling = true;
				try {
					this.snapshot = await this.api.snapshot(this.windowMs, buckets());
				} finally {
					this.polling = false;
				}
			}
			this.frame = requestAnimationFrame(loop);
		};
		void this.init().then(loop);
		return () => {
			active = false;
			cancelAnimationFrame(this.frame);
		};
	}

	private async run(
		action: (api: Comlink.Remote<LiveWorkerApi>) => Promise<unknown>
	): Promise<void> {
		this.error = null;
		try {
			await action(await this.worker());
		} catch (err) {
			this.error = (err as Error).message;
		}
	}
}

/** One connection per tab: it outlives page navigation, as a tuner expects when switching views mid-session. */
export const live = new LiveConnection();
