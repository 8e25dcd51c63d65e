import {
	GsUsbAdapter,
	AdapterError,
	GsUsbEmulator,
	SimulatedVehicle,
	compileDbc,
	parseDbc,
	type CanAdapter,
	type ScenarioName,
	type UsbDeviceLike
} from '../hardware';
import { encodeChunk } from '../logs/chunk-format';
import { UploadQueue, type OutboxStore, type UploadStatus } from '../logs/upload-queue';
import type { BoundsRule, ChannelVerdict } from '../safety/bounds';
import { LivePipeline, type ChannelInfo, type LiveSnapshot } from './live-pipeline';

/**
 * One connection's life inside the adapter's worker: adapter bring-up, the live pipeline, the no-data watchdog,
 * recording and the upload outbox. The worker entry exposes it; nothing here touches the DOM.
 */
export type LinkState = 'idle' | 'connecting' | 'connected' | 'no-data' | 'disconnected' | 'error';

export interface LinkStatus {
	state: LinkState;
	message?: string;
	adapter?: { kind: string; name: string };
	channels?: ChannelInfo[];
	/** Wall-clock ms (performance.now in the worker) of the change. */
	atMs: number;
}

export interface RecordingStatus {
	logId: string;
	samples: number;
	chunks: number;
	startedAt: string;
}

export interface LiveSessionOptions {
	dbcText: string;
	rules: readonly BoundsRule[];
	outbox: OutboxStore;
	fetch: typeof fetch;
	onStatus(status: LinkStatus): void;
	onVerdict?(verdict: ChannelVerdict): void;
	onUpload?(status: UploadStatus): void;
	now?(): number;
	/** A frame gap longer than this means the data is no longer live. @default 250 (issue: "within 250 ms") */
	staleAfterMs?: number;
}

export type ConnectRequest =
	{ source: 'simulated'; scenario?: ScenarioName } | { source: 'webusb'; device: UsbDeviceLike };

export class LiveSession {
	private readonly options: LiveSessionOptions;
	private readonly now: () => number;
	private readonly uploads: UploadQueue;
	private pipeline: LivePipeline;
	private adapter: CanAdapter | undefined;
	private emulator: GsUsbEmulator | undefined;
	private vehicle: SimulatedVehicle | undefined;
	private status: LinkStatus;
	private lastFrameMs = 0;
	private watchdog: ReturnType<typeof setInterval> | undefined;
	private recording: (RecordingStatus & { chunks: number }) | undefined;
	private dbcText: string;
	private readonly enqueuing = new Set<Promise<void>>();

	constructor(options: LiveSessionOptions) {
		this.options = options;
		this.now = options.now ?? (() => performance.now());
		this.dbcText = options.dbcText;
		this.pipeline = this.buildPipeline(options.dbcText);
		this.status = { state: 'idle', atMs: this.now() };
		this.uploads = new UploadQueue({
			store: options.outbox,
			fetch: options.fetch,
			onStatus: (s) => options.onUpload?.(s)
		});
		void this.uploads.refresh().then((s) => (s.pending > 0 ? this.uploads.kick() : undefined));
	}

	/** Replaces the DBC used to decode; throws DbcParseError (with line and column) on a malformed file. */
	setDbc(text: string): ChannelInfo[] {
		const pipeline = this.buildPipeline(text);
		this.dbcText = text;
		this.pipeline = pipeline;
		return pipeline.channels;
	}

	get channels(): ChannelInfo[] {
		return this.pipeline.channels;
	}

	async connect(request: ConnectRequest): Promise<LinkStatus> {
		await this.disconnect();
		this.pipeline = this.buildPipeline(this.dbcText);
		let device: UsbDeviceLike;
		if (request.source === 'simulated') {
			// The car starts on the emulator's clock, so the first poll is not a catch-up burst of old frames.
			const clock = () => performance.now() * 1000;
			this.vehicle = new SimulatedVehicle({
				scenario: request.scenario ?? 'demo',
				startUs: clock()
			});
			this.emulator = new GsUsbEmulator({ bus: this.vehicle, clock });
			device = this.emulator;
		} else {
			device = request.device;
		}
		// Linux keeps 30 bulk-IN URBs in flight (gs_usb.c; protocols.md §3.3); as many pending transferIn calls keep a
		// 1 kHz bus flowing through a busy event loop or the page→worker relay.
		const adapter = new GsUsbAdapter({ device, rxTransfers: 30 });
		this.adapter = adapter;
		const name =
			request.source === 'simulated'
				? 'Simulated car (gs_usb emulator)'
				: (device.productName ?? 'gs_usb');
		this.setStatus({ state: 'connecting', adapter: { kind: adapter.kind, name } });
		try {
			await adapter.open(
				{ bitrate: 500_000, listenOnly: true },
				{
					frame: (frame) => {
						this.lastFrameMs = this.now();
						this.pipeline.ingest(frame);
						if (this.status.state === 'no-data') this.setStatus({ state: 'connected' });
					},
					closed: (reason) => this.onClosed(adapter, reason)
				}
			);
		} catch (err) {
			this.adapter = undefined;
			this.setStatus({ state: 'error', message: describe(err) });
			throw err;
		}
		this.lastFrameMs = this.now();
		this.setStatus({ state: 'connected', channels: this.pipeline.channels });
		this.watchdog = setInterval(() => this.checkWatchdog(), 50);
		return this.status;
	}

	async disconnect(): Promise<void> {
		const adapter = this.adapter;
		this.adapter = undefined;
		this.stopWatchdog();
		if (this.recording) await this.stopRecording();
		if (adapter) {
			await adapter.close().catch(() => {});
			this.setStatus({ state: 'idle' });
		}
		this.emulator = undefined;
		this.vehicle = undefined;
	}

	/** Simulated car only: pull the virtual USB plug, exactly as yanking a real adapter would look. */
	unplugSimulated(): void {
		this.emulator?.unplug();
	}

	setScenario(name: ScenarioName): void {
		this.vehicle?.setScenario(name);
	}

	snapshot(
		windowMs: number,
		buckets: number,
		only?: string[]
	): LiveSnapshot & {
		link: LinkStatus;
		trusted: boolean;
		recording?: RecordingStatus;
	} {
		const snap = this.pipeline.snapshot(windowMs * 1000, buckets, only);
		const trusted = this.status.state === 'connected';
		return {
			...snap,
			link: this.status,
			trusted,
			recording: this.recording && {
				...this.recording,
				samples: this.pipeline.recordingSamples
			}
		};
	}

	async startRecording(meta: { logId: string; name: string; vehicleId?: string }): Promise<void> {
		if (this.status.state !== 'connected') throw new Error('connect an adapter before recording');
		if (this.recording) await this.stopRecording();
		const startedAt = new Date().toISOString();
		const body = JSON.stringify({
			name: meta.name,
			vehicleId: meta.vehicleId,
			startedAt,
			channels: this.pipeline.channels
		});
		await this.uploads.enqueue({
			id: `log:${meta.logId}`,
			method: 'PUT',
			url: `/api/logs/${meta.logId}`,
			contentType: 'application/json',
			body,
			samples: 0
		});
		const recording = { logId: meta.logId, samples: 0, chunks: 0, startedAt };
		this.recording = recording;
		this.pipeline.startRecording((chunk) => {
			if (chunk.channels.length === 0) return;
			recording.chunks++;
			const bytes = encodeChunk(chunk);
			const samples = chunk.channels.reduce((n, c) => n + c.values.length, 0);
			this.track(
				this.uploads.enqueue({
					id: `chunk:${meta.logId}:${chunk.seq}`,
					method: 'PUT',
					url: `/api/logs/${meta.logId}/chunks/${chunk.seq}`,
					contentType: 'application/octet-stream',
					body: bytes.buffer.slice(
						bytes.byteOffset,
						bytes.byteOffset + bytes.byteLength
					) as ArrayBuffer,
					samples
				})
			);
		});
	}

	async stopRecording(): Promise<RecordingStatus | undefined> {
		const recording = this.recording;
		if (!recording) return undefined;
		const { samples } = this.pipeline.stopRecording();
		this.recording = undefined;
		await Promise.all(this.enqueuing);
		return { ...recording, samples };
	}

	uploadStatus(): Promise<UploadStatus> {
		return this.uploads.refresh();
	}

	/** Waits until every queued upload has been acknowledged or rejected. */
	async flushUploads(): Promise<void> {
		await Promise.all(this.enqueuing);
		await this.uploads.kick();
	}

	/** Chunks are cut synchronously in the hot path; their IndexedDB writes finish later, and stop/flush wait for them. */
	private track(write: Promise<void>): void {
		this.enqueuing.add(write);
		void write.finally(() => this.enqueuing.delete(write));
	}

	private buildPipeline(text: string): LivePipeline {
		return new LivePipeline({
			dbc: compileDbc(parseDbc(text)),
			rules: this.options.rules,
			onVerdict: (v) => this.options.onVerdict?.(v)
		});
	}

	private checkWatchdog(): void {
		const now = this.now();
		if (
			this.status.state === 'connected' &&
			now - this.lastFrameMs > (this.options.staleAfterMs ?? 250)
		) {
			this.pipeline.invalidate();
			this.setStatus({ state: 'no-data', message: 'No frames from the adapter' });
		}
	}

	private onClosed(adapter: CanAdapter, reason: AdapterError | null): void {
		if (this.adapter !== adapter) return;
		this.adapter = undefined;
		this.stopWatchdog();
		this.pipeline.invalidate();
		void this.stopRecording();
		this.setStatus(
			reason
				? { state: 'disconnected', message: reason.message }
				: { state: 'idle', message: 'Closed' }
		);
	}

	private stopWatchdog(): void {
		if (this.watchdog) clearInterval(this.watchdog);
		this.watchdog = undefined;
	}

	private setStatus(next: Omit<LinkStatus, 'atMs'>): void {
		this.status = {
			adapter: this.status.adapter,
			channels: this.status.channels,
			...next,
			atMs: this.now()
		};
		this.options.onStatus(this.status);
	}
}

function describe(err: unknown): string {
	if (err instanceof AdapterError) return `${err.name}: ${err.message}`;
	return err instanceof Error ? err.message : String(err);
}
