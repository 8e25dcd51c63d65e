import {
	AdapterError,
	compileDbc,
	parseDbc,
	type CompiledDbc,
	type ScenarioName
} from '../hardware';
import { encodeChunk } from '../logs/chunk-format';
import { UploadQueue, type OutboxStore, type UploadStatus } from '../logs/upload-queue';
import { parseProfile, type SafetyAction, type SafetyProfile, type SafetyVerdict } from '../safety';
import { LivePipeline, type ChannelInfo, type LiveSnapshot } from './live-pipeline';
import type { LiveSource, PolledChannels } from './sources/live-source';
import { protectiveFramesFromDbc } from './sources/protective-frames';
import { runDiagnostic, type DiagnosticOp, type DiagnosticResult } from './diagnostics';
import { createSimulatedRig, type SimulatedRig, type SimulatedVia } from './sources/simulated';

/**
 * One connection's life inside the adapter's worker: adapter bring-up, the live pipeline, safety actions, the
 * no-data watchdog, recording and the upload outbox. The worker entry exposes it; nothing here touches the DOM.
 */
export type LinkState = 'idle' | 'connecting' | 'connected' | 'no-data' | 'disconnected' | 'error';

export interface LinkStatus {
	state: LinkState;
	message?: string;
	adapter?: { kind: string; name: string; simulated?: boolean };
	channels?: ChannelInfo[];
	/** Polled sources: the rate to expect and why. */
	expectedRate?: PolledChannels['expectedRate'];
	/** Wall-clock ms (performance.now in the worker) of the change. */
	atMs: number;
}

export interface RecordingStatus {
	logId: string;
	samples: number;
	chunks: number;
	startedAt: string;
}

/** What happened when a verdict's action ran: the UI shows it, the log keeps it. */
export interface ActionEvent {
	ruleId: string;
	level: SafetyVerdict['level'];
	action: SafetyAction;
	/** 'done': sent or applied; 'refused': this connection cannot (listen-only, no command defined). */
	outcome: 'done' | 'refused' | 'failed';
	detail?: string;
	atMs: number;
}

export interface LiveSessionOptions {
	dbcText: string;
	/** Safety profile judged live; omit to run without rules. */
	profile?: SafetyProfile;
	outbox: OutboxStore;
	fetch: typeof fetch;
	onStatus(status: LinkStatus): void;
	onVerdict?(verdict: SafetyVerdict): void;
	onAction?(event: ActionEvent): void;
	onUpload?(status: UploadStatus): void;
	now?(): number;
	/** A frame gap longer than this means the data is no longer live. @default 250 (issue: "within 250 ms") */
	staleAfterMs?: number;
}

const MAX_ACTION_EVENTS = 20;

export class LiveSession {
	private readonly options: LiveSessionOptions;
	private readonly now: () => number;
	private readonly uploads: UploadQueue;
	private pipeline: LivePipeline;
	private source: LiveSource | undefined;
	private rig: SimulatedRig | undefined;
	private status: LinkStatus;
	private lastFrameMs = 0;
	private watchdog: ReturnType<typeof setInterval> | undefined;
	private recording: (RecordingStatus & { chunks: number }) | undefined;
	/** The decoding DBC, parsed and compiled once per file (pipelines are rebuilt on every connect). */
	private dbc: CompiledDbc;
	private readonly enqueuing = new Set<Promise<void>>();
	private actions: ActionEvent[] = [];
	private profile: SafetyProfile | undefined;

	constructor(options: LiveSessionOptions) {
		this.options = options;
		this.now = options.now ?? (() => performance.now());
		this.dbc = compileDbc(parseDbc(options.dbcText));
		this.profile = options.profile;
		this.pipeline = this.buildPipeline(null);
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
		const dbc = compileDbc(parseDbc(text));
		const channels = new LivePipeline({ dbc }).channels;
		this.dbc = dbc;
		if (!this.source) this.pipeline = this.buildPipeline(null);
		return channels;
	}

	/**
	 * Judges by `profile` (a vehicle's merged, validated profile) from the next connection on; a connection in
	 * progress keeps the profile it started with, so a rule's state never jumps mid-run.
	 */
	setProfile(profile: SafetyProfile): void {
		this.profile = parseProfile(profile);
	}

	get channels(): ChannelInfo[] {
		return this.pipeline.channels;
	}

	/** The simulated car, behind the chosen adapter family's byte-exact emulator and the real driver. */
	connectSimulated(
		scenario: ScenarioName = 'demo',
		via: SimulatedVia = 'gs_usb'
	): Promise<LinkStatus> {
		const rig = createSimulatedRig({ scenario, via });
		return this.connect(rig.source, rig);
	}

	async connect(source: LiveSource, rig?: SimulatedRig): Promise<LinkStatus> {
		await this.disconnect();
		this.pipeline = this.buildPipeline(null);
		this.source = source;
		this.rig = rig;
		this.actions = [];
		source.useProtectiveFrames?.(protectiveFramesFromDbc(this.dbc));
		this.setStatus({
			state: 'connecting',
			adapter: { kind: source.kind, name: source.name, simulated: rig !== undefined },
			channels: undefined,
			expectedRate: undefined
		});
		let polled: PolledChannels | null;
		try {
			polled = await source.open({
				frame: (frame) => {
					this.alive();
					this.pipeline.ingest(frame);
				},
				round: (tUs, indexes, values) => {
					this.alive();
					this.pipeline.ingestRound(tUs, indexes, values);
				},
				closed: (reason) => this.onClosed(source, reason)
			});
		} catch (err) {
			if (this.source === source) {
				this.source = undefined;
				this.rig = undefined;
			}
			await source.close().catch(() => {});
			this.setStatus({ state: 'error', message: describe(err) });
			throw err;
		}
		if (polled) this.pipeline = this.buildPipeline(polled.channels);
		this.lastFrameMs = this.now();
		this.setStatus({
			state: 'connected',
			channels: this.pipeline.channels,
			expectedRate: polled?.expectedRate
		});
		source.start?.();
		this.watchdog = setInterval(() => this.checkWatchdog(), 50);
		return this.status;
	}

	async disconnect(): Promise<void> {
		const source = this.source;
		this.source = undefined;
		this.stopWatchdog();
		if (this.recording) await this.stopRecording();
		if (source) {
			await source.close().catch(() => {});
			this.pipeline.invalidate();
			this.setStatus({ state: 'idle' });
		}
		this.rig = undefined;
	}

	/** Simulated car only: pull the virtual plug, exactly as yanking a real adapter would look. */
	unplugSimulated(): void {
		this.rig?.unplug();
	}

	setScenario(name: ScenarioName): void {
		this.rig?.vehicle.setScenario(name);
	}

	/** Simulated car only: the protective requests that reached the car's ECU over the bus. */
	protectiveRequestsReceived(): { command: string; atUs: number }[] {
		return this.rig ? [...this.rig.protection.received] : [];
	}

	/**
	 * Runs one Diagnostics-page read on the connected car, between live requests. Clearing codes (service 04) is
	 * here too: the page asks for confirmation first, since it also resets the readiness monitors.
	 */
	async diagnose(op: DiagnosticOp): Promise<DiagnosticResult> {
		const source = this.source;
		if (!source || (this.status.state !== 'connected' && this.status.state !== 'no-data'))
			throw new Error('connect to the car before running diagnostics');
		if (!source.exclusive) throw new Error(`${source.name} cannot send diagnostic requests`);
		return source.exclusive((obd) => runDiagnostic(obd, op));
	}

	/**
	 * Releases a latched alarm. Who may do this, and the audit entry, are the server's business: the caller has
	 * already had the acknowledgement accepted there (issue 4: a technician may, a tuner cannot).
	 */
	acknowledge(ruleId: string): void {
		this.pipeline.safety?.acknowledge(ruleId);
	}

	/** Suspends a rule's actions for `durationMs` (it keeps judging); the server has audited the override first. */
	override(ruleId: string, durationMs: number): void {
		this.pipeline.safety?.override(ruleId, { durationMs });
	}

	snapshot(
		windowMs: number,
		buckets: number,
		only?: string[]
	): LiveSnapshot & {
		link: LinkStatus;
		trusted: boolean;
		actions: ActionEvent[];
		recording?: RecordingStatus;
	} {
		const snap = this.pipeline.snapshot(windowMs * 1000, buckets, only);
		const trusted = this.status.state === 'connected';
		return {
			...snap,
			alarms: snap.alarms.filter((a) => a.level !== 'ok' || a.status === 'signal-lost'),
			actions: this.actions,
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

	/** The account signed in on the page; uploads are sent only for what it recorded (see UploadQueue.setOwner). */
	setUploadOwner(owner: string | null): Promise<void> {
		return this.uploads.setOwner(owner);
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

	/** A DBC pipeline for CAN sources (`channels` null), or one over a polled source's own channels. */
	private buildPipeline(channels: ChannelInfo[] | null): LivePipeline {
		return new LivePipeline({
			...(channels ? { channels } : { dbc: this.dbc }),
			profile: this.profile,
			onVerdict: (v) => {
				this.options.onVerdict?.(v);
				for (const action of v.actions) this.runAction(v, action);
			}
		});
	}

	/**
	 * Runs a verdict's action from inside the sample that caused it, so a protective command leaves in the same
	 * task as the verdict (issue 4: 1 ms from frame to verdict). The send itself completes asynchronously.
	 */
	private runAction(verdict: SafetyVerdict, action: SafetyAction): void {
		const event = (outcome: ActionEvent['outcome'], detail?: string) =>
			this.recordAction({
				ruleId: verdict.ruleId,
				level: verdict.level,
				action,
				outcome,
				detail,
				atMs: this.now()
			});
		const source = this.source;
		switch (action.kind) {
			case 'protective-command': {
				if (!source?.sendProtective) {
					event('refused', `${source?.name ?? 'This connection'} cannot send commands`);
					return;
				}
				source.sendProtective(action.command).then(
					() => event('done'),
					(err: unknown) =>
						event(
							err instanceof AdapterError && err.name === 'AdapterRejectedError'
								? 'refused'
								: 'failed',
							describe(err)
						)
				);
				return;
			}
			case 'emergency-shutdown':
				source?.stopTransmit?.();
				event('done', 'All transmit stopped');
				return;
			case 'stop-write':
				// No ECU write can be in progress from a live session yet; tune writes check the engine's state themselves.
				event('done', 'No write in progress');
				return;
			default:
				event('done');
		}
	}

	private recordAction(event: ActionEvent): void {
		// Alarms and log marks show as the alarm list itself; the list of taken actions is for what touched the car.
		if (event.action.kind === 'alarm' || event.action.kind === 'mark-log') return;
		this.actions = [...this.actions.slice(-(MAX_ACTION_EVENTS - 1)), event];
		this.options.onAction?.(event);
	}

	private alive(): void {
		this.lastFrameMs = this.now();
		if (this.status.state === 'no-data') this.setStatus({ state: 'connected' });
	}

	private checkWatchdog(): void {
		const now = this.now();
		const silentMs = now - this.lastFrameMs;
		if (this.status.state === 'connected' && silentMs > this.staleAfterMs()) {
			this.pipeline.invalidate();
			this.setStatus({ state: 'no-data', message: 'No frames from the adapter' });
			return;
		}
		// The safety engine notices a quiet channel only when time moves on; estimate the adapter clock from ours.
		if (this.status.state === 'connected')
			this.pipeline.tick(this.pipeline.lastFrameUs + silentMs * 1000);
	}

	/**
	 * How long without data means "not live". A polled source is judged by its own pace: five expected periods, since
	 * one ELM round may wait out ATST and a diagnostic request may sit between two rounds.
	 */
	private staleAfterMs(): number {
		const base = this.options.staleAfterMs ?? 250;
		const hz = this.status.expectedRate?.hz;
		return hz && hz > 0 ? Math.max(base, 5000 / hz) : base;
	}

	private onClosed(source: LiveSource, reason: AdapterError | null): void {
		if (this.source !== source) return;
		this.source = undefined;
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
