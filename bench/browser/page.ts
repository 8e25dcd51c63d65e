// The browser latency bench's page: a byte-exact gs_usb emulator on the 64-channel sawtooth bus, lent to the worker
// over the app's USB relay (as the Playwright fixtures lend theirs), a snapshot request every animation frame as the
// live view makes, and a long-task observer on this main thread.
import { GsUsbEmulator } from '../../src/lib/hardware/emulators/gs-usb-device';
import { serveUsbDevice } from '../../src/lib/hardware/transport/usb-relay';
import { HANDOFF_SLOT_SIZE, HANDOFF_SLOTS, stampHandoff } from './arrival-stamps';
import type {
	BrowserBenchConfig,
	BrowserBenchResult,
	FromWorker,
	ToWorker,
	WorkerResult
} from './bench-messages';
import { SawtoothBus } from './sawtooth-bus';

async function runBrowserBench(config: BrowserBenchConfig): Promise<BrowserBenchResult> {
	const started = performance.now();
	const longTasks: PerformanceEntry[] = [];
	const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
	observer.observe({ type: 'longtask', buffered: false });

	// As e2e/hardware-emulator-entry.ts: the emulator shares this thread with rendering, so it gets the deep queue
	// the fixtures give it; a host's USB stack would buffer completed transfers the same way.
	const emulator = new GsUsbEmulator({ bus: new SawtoothBus(), queueCapacity: 4096 });
	const handoff = self.crossOriginIsolated
		? new SharedArrayBuffer(HANDOFF_SLOTS * HANDOFF_SLOT_SIZE * Float64Array.BYTES_PER_ELEMENT)
		: null;
	const relay = new MessageChannel();
	serveUsbDevice(
		handoff ? stampHandoff(emulator, new Float64Array(handoff)) : emulator,
		relay.port1
	);

	const worker = new Worker('/worker.js');
	const send = (message: ToWorker, transfer: Transferable[] = []) =>
		worker.postMessage(message, transfer);

	let running = true;
	let animationFrames = 0;
	let lastFrame = NaN;
	let longestFrameGapMs = 0;
	let awaitingSnapshot = false;
	const onAnimationFrame = (t: number) => {
		if (!running) return;
		animationFrames++;
		if (!Number.isNaN(lastFrame)) longestFrameGapMs = Math.max(longestFrameGapMs, t - lastFrame);
		lastFrame = t;
		// ConnectionState.watch: one snapshot in flight at a time, asked for from the animation frame.
		if (!awaitingSnapshot) {
			awaitingSnapshot = true;
			send({ type: 'snapshot' });
		}
		requestAnimationFrame(onAnimationFrame);
	};
	requestAnimationFrame(onAnimationFrame);

	try {
		const result = await new Promise<WorkerResult>((resolve, reject) => {
			worker.onerror = (event) => reject(new Error(`worker: ${event.message}`));
			worker.onmessage = (event: MessageEvent<FromWorker>) => {
				const message = event.data;
				if (message.type === 'snapshot') awaitingSnapshot = false;
				else if (message.type === 'error') reject(new Error(`worker: ${message.message}`));
				else resolve(message.result);
			};
			send({ type: 'start', port: relay.port2, handoff, config }, [relay.port2]);
		});
		longTasks.push(...observer.takeRecords());
		return {
			...result,
			pageIsolated: self.crossOriginIsolated,
			longTasks: {
				count: longTasks.length,
				longestMs: Math.max(0, ...longTasks.map((e) => e.duration)),
				atMs: longTasks.map((e) => e.startTime - started)
			},
			longestFrameGapMs,
			animationFrames,
			droppedByEmulator: emulator.droppedFrames
		};
	} finally {
		running = false;
		observer.disconnect();
		worker.terminate();
	}
}

(globalThis as { runBrowserBench?: typeof runBrowserBench }).runBrowserBench = runBrowserBench;
