// Frame → verdict latency in headless Chromium (issue 4, "Pipeline performance"): the page's gs_usb emulator feeds
// 8,000 frames/s on 64 channels through the app's relay into one worker that runs the driver, DBC decode and the
// safety engine; the worker times each verdict from its frame's arrival, the page watches its own main thread.
// Prints figures, asserts nothing.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type {
	BrowserBenchConfig,
	BrowserBenchResult,
	LatencySummary
} from './browser/bench-messages';
import { CHANNELS, FRAMES_PER_SECOND } from './browser/sawtooth-bus';

const CHROMIUM = '/usr/bin/chromium';
const CONFIG: BrowserBenchConfig = { warmupMs: 2_000, durationMs: 10_000 };
const TARGET_P99_US = 1000;
const LONG_TASK_MS = 50;

/** Bundles one entry into a classic script, in memory (nothing is written to the work tree). */
async function bundle(entry: string, name: string): Promise<string> {
	const { build } = await import('vite');
	const output = await build({
		configFile: false,
		logLevel: 'warn',
		publicDir: false,
		build: {
			write: false,
			minify: false,
			target: 'esnext',
			lib: {
				entry: fileURLToPath(new URL(`./browser/${entry}`, import.meta.url)),
				formats: ['iife'],
				name,
				fileName: () => `${name}.js`
			}
		}
	});
	const first = Array.isArray(output) ? output[0] : output;
	if (!('output' in first)) throw new Error(`bundling ${entry} gave no output`);
	return first.output[0].code;
}

/**
 * Loopback only. COOP + COEP make the page and worker cross-origin isolated, which is what gives performance.now()
 * its 5 µs resolution in Chromium (100 µs otherwise) and lets them share the hand-off ring.
 */
function serve(files: Record<string, { type: string; body: string }>): Promise<Server> {
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		const file = files[path];
		if (!file) {
			res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
			return;
		}
		res.writeHead(200, {
			'content-type': file.type,
			'cache-control': 'no-store',
			'cross-origin-opener-policy': 'same-origin',
			'cross-origin-embedder-policy': 'require-corp'
		});
		res.end(file.body);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

const us = (x: number) => `${Math.round(x)} µs`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const spread = (s: LatencySummary) => `p50 ${us(s.p50)}, p99 ${us(s.p99)}, max ${us(s.max)}`;

function report(r: BrowserBenchResult): void {
	const where = `${FRAMES_PER_SECOND} frames/s, ${CHANNELS} channels`;
	console.log(
		`frame→verdict in Chromium worker (${where}): ${spread(r.arrival)} over ${r.arrival.count} verdicts ` +
			`(target p99 ≤ ${TARGET_P99_US} µs)`
	);
	if (r.handoff)
		console.log(
			`  from the page's hand-off to the relay (adds the page→worker hop and any wait for the worker: snapshots, GC, other load): ` +
				`${spread(r.handoff)}`
		);
	console.log(
		`  ${Math.round(r.framesPerSecond)} frames/s reached the pipeline; ${r.droppedByEmulator} dropped by the ` +
			`emulator, ${r.rxOverflows} overflow flags; ${r.relayMessages} relay messages, ≤ ${r.largestBatch} ` +
			`frames each; ${r.snapshots.count} snapshots (p50 ${ms(r.snapshots.p50Ms)}, max ` +
			`${ms(r.snapshots.maxMs)})`
	);
	if (r.handoffOutOfStep > 0)
		console.log(
			`  hand-off figure withheld: ${r.handoffOutOfStep} frames did not match their ring slot`
		);
	if (!r.crossOriginIsolated || !r.pageIsolated)
		console.log('  not cross-origin isolated: performance.now() is coarsened to 100 µs here');
	const longest = r.longTasks.count > 0 ? ms(r.longTasks.longestMs) : `under ${LONG_TASK_MS} ms`;
	const when = r.longTasks.atMs.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ');
	console.log(
		`main thread: longest task ${longest}, ${r.longTasks.count} tasks > ${LONG_TASK_MS} ms` +
			`${when ? ` (at ${when})` : ''}; ${r.animationFrames} animation frames, longest gap ` +
			ms(r.longestFrameGapMs)
	);
}

export async function benchBrowserLatency(): Promise<void> {
	if (!existsSync(CHROMIUM)) {
		console.log(
			`frame→verdict in Chromium worker: skipped, no browser at ${CHROMIUM} ` +
				`(bash scripts/ensure-chromium.sh installs Debian's chromium)`
		);
		return;
	}
	const [page, worker] = await Promise.all([
		bundle('page.ts', 'cartechBenchPage'),
		bundle('worker.ts', 'cartechBenchWorker')
	]);
	const js = 'text/javascript';
	const server = await serve({
		'/': {
			type: 'text/html',
			body: '<!doctype html><title>bench</title><script src="/page.js"></script>'
		},
		'/page.js': { type: js, body: page },
		'/worker.js': { type: js, body: worker }
	});
	// Loaded here, not at the top: `npm run bench other-bench` should not pay for Playwright.
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
	try {
		const tab = await browser.newPage();
		const errors: string[] = [];
		tab.on('pageerror', (err) => errors.push(err.message));
		tab.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		const load = loadavg()[0];
		const deadline = CONFIG.warmupMs + CONFIG.durationMs + 30_000;
		const result = await Promise.race([
			tab.evaluate(
				(config) =>
					(
						globalThis as unknown as {
							runBrowserBench(c: BrowserBenchConfig): Promise<BrowserBenchResult>;
						}
					).runBrowserBench(config),
				CONFIG
			),
			new Promise<never>((_, reject) =>
				setTimeout(() => reject(new Error(`no result after ${deadline} ms`)), deadline).unref()
			)
		]);
		report(result);
		// Other work on the machine shows up as worker and main-thread stalls; say how busy it was.
		console.log(
			`  machine: ${availableParallelism()} cores, 1-min load average ${load.toFixed(1)} before, ` +
				`${loadavg()[0].toFixed(1)} after`
		);
		if (process.env.BENCH_DEBUG) console.log(JSON.stringify(result, null, 1));
		for (const e of errors) console.log(`  page error: ${e}`);
	} finally {
		await browser.close();
		await new Promise((resolve) => server.close(resolve));
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBrowserLatency();
