// The browser latency bench's worker: the app's adapter path (relay → GsUsbAdapter → LivePipeline with the safety
// engine), all in this one worker, timed from a frame's arrival to the verdict it causes.
import { GsUsbAdapter } from '../../src/lib/hardware/adapters/gs-usb';
import { compileDbc, parseDbc } from '../../src/lib/hardware/protocol/dbc';
import { connectUsbRelay } from '../../src/lib/hardware/transport/usb-relay';
import { LivePipeline } from '../../src/lib/live/live-pipeline';
import { stampArrival, stampPortMessages } from './arrival-stamps';
import {
	summarize,
	type BrowserBenchConfig,
	type FromWorker,
	type ToWorker,
	type WorkerResult
} from './bench-messages';
import { sawtoothDbc, sawtoothProfile } from './sawtooth-bus';

declare const self: DedicatedWorkerGlobalScope;

// Before connectUsbRelay: Comlink attaches its port listeners as it wires the relay up.
stampPortMessages();

/** Room for far more verdicts than the window can produce (≈1,000/s here). */
const MAX_SAMPLES = 1 << 21;
/** What the live view asks for every animation frame (ConnectionState.watch → LiveSession.snapshot). */
const SNAPSHOT_WINDOW_US = 10_000_000;
const SNAPSHOT_BUCKETS = 400;

let pipeline: LivePipeline | undefined;
let measuring = false;
const snapshotMs: number[] = [];

const post = (message: FromWorker, transfer: Transferable[] = []) =>
	self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<ToWorker>) => {
	const message = event.data;
	if (message.type === 'snapshot') answerSnapshot();
	else
		run(message.port, message.handoff, message.config).then(
			(result) => post({ type: 'result', result }),
			(err: unknown) =>
				post({
					type: 'error',
					message: err instanceof Error ? (err.stack ?? err.message) : String(err)
				})
		);
};

function answerSnapshot(): void {
	if (!pipeline) return post({ type: 'snapshot' });
	const t0 = performance.now();
	const snap = pipeline.snapshot(SNAPSHOT_WINDOW_US, SNAPSHOT_BUCKETS);
	if (measuring) snapshotMs.push(performance.now() - t0);
	// Only the buffers cross, as LiveWorkerApi.snapshot transfers them; the page drops the data.
	post(
		{ type: 'snapshot' },
		snap.channels.flatMap((c) => [c.t.buffer, c.v.buffer])
	);
}

async function run(
	port: MessagePort,
	handoffBuffer: SharedArrayBuffer | null,
	config: BrowserBenchConfig
): Promise<WorkerResult> {
	const handoff = handoffBuffer ? new Float64Array(handoffBuffer) : null;
	const { device, current } = stampArrival(await connectUsbRelay(port), handoff);
	const arrival = new Float64Array(MAX_SAMPLES);
	const fromHandoff = new Float64Array(MAX_SAMPLES);
	let verdicts = 0;
	let frames = 0;
	let outOfStep = 0;
	pipeline = new LivePipeline({
		dbc: compileDbc(parseDbc(sawtoothDbc())),
		profile: sawtoothProfile(),
		onVerdict: () => {
			if (!measuring || verdicts >= MAX_SAMPLES) return;
			const now = performance.now();
			arrival[verdicts] = now - current.arrivalMs;
			fromHandoff[verdicts] = performance.timeOrigin + now - current.handoffMs;
			verdicts++;
		}
	});
	const live = pipeline;
	let failure: unknown = null;
	const adapter = new GsUsbAdapter({ device, rxTransfers: 30 });
	await adapter.open(
		{},
		{
			frame: (frame) => {
				if (measuring) frames++;
				if (handoff && current.handoffFrameUs !== frame.timestampUs % 2 ** 32) outOfStep++;
				live.ingest(frame);
			},
			closed: (reason) => {
				if (reason) failure = reason;
			}
		}
	);
	await sleep(config.warmupMs);
	const messagesBefore = current.relayMessages;
	current.largestBatch = 0;
	measuring = true;
	const t0 = performance.now();
	await sleep(config.durationMs);
	measuring = false;
	const seconds = (performance.now() - t0) / 1000;
	const stats = adapter.stats;
	await adapter.close();
	if (failure) throw failure;
	if (Number.isNaN(current.arrivalMs))
		throw new Error('no relay message was stamped: did Comlink stop using addEventListener?');
	snapshotMs.sort((a, b) => a - b);
	return {
		arrival: summarize(arrival, verdicts),
		handoff: handoff && outOfStep === 0 ? summarize(fromHandoff, verdicts) : null,
		handoffOutOfStep: outOfStep,
		verdicts,
		frames,
		framesPerSecond: frames / seconds,
		relayMessages: current.relayMessages - messagesBefore,
		largestBatch: current.largestBatch,
		snapshots: {
			count: snapshotMs.length,
			p50Ms: snapshotMs[Math.floor((snapshotMs.length - 1) / 2)] ?? NaN,
			maxMs: snapshotMs[snapshotMs.length - 1] ?? NaN
		},
		rxOverflows: stats.rxOverflows,
		crossOriginIsolated: self.crossOriginIsolated
	};
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
