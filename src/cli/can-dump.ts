import { SlcanAdapter } from '../lib/hardware/adapters/slcan';
import type { CanSink } from '../lib/hardware/adapters/can-adapter';
import { AdapterError, AdapterRejectedError } from '../lib/hardware/errors';
import type { CanFrame } from '../lib/hardware/protocol/can-frame';
import {
	SLCAN_DIALECTS,
	isSlcanDialect,
	type SlcanDialect
} from '../lib/hardware/protocol/slcan/dialect';
import { integerOption, parseCommandArgs, positiveOption } from './args';
import { candumpLine, jsonlFrameLine, type DumpFormat } from './can-dump-format';
import { combinedFilter, parseCanFilter, passesFilters, type CanIdFilter } from './can-filter';
import { withElm327 } from './elm-session';
import { sleep, write, type CliIo } from './io';
import { openPort, parsePortSpec, type PortSpec } from './port';
import { UsageError } from './usage-error';

export const CAN_USAGE = `Usage: cartech can dump --adapter slcan|elm327 --port PORT [options]

Prints every CAN frame the adapter sees, one candump -l line each (\`(seconds) can0 ID#DATA\`, readable by
\`cartech decode --log\`), until Ctrl-C, --count or --seconds. The adapter is then closed cleanly.

Options:
  --adapter A        slcan (Lawicel/CANable ASCII) or elm327 (ELM327/STN monitor mode, ATMA/STM)
  --port PORT        tcp://HOST:PORT or a serial device (/dev/ttyUSB0, /dev/ttyACM0, COM3)
  --baud N           serial baud rate (default 38400 for elm327, 115200 for slcan; CDC-ACM ignores it)
  --bitrate N        CAN bit rate (default 500000); an ELM327 monitors at 500000 or 250000 only
  --dialect D        slcan firmware: lawicel (default) or canable (S7 = 750k, M0/M1 = mode, no Z timestamps)
  --filter ID[:MASK] pass only matching ids (hex; 8 digits = 29-bit); repeat for several. An ELM327 also
                     filters in hardware (ATCF/ATCM, STFAP), which keeps its 512-byte buffer from overflowing
  --format F         candump (default) or jsonl ({"t","iface","id","extended","rtr","fd","data"})
  --ack              slcan: acknowledge frames (normal mode); by default the adapter only listens
  --count N          stop after N frames
  --seconds S        stop after S seconds
  -h, --help         this help`;

const OPTIONS = {
	adapter: { type: 'string' },
	port: { type: 'string' },
	baud: { type: 'string' },
	bitrate: { type: 'string' },
	dialect: { type: 'string' },
	filter: { type: 'string', multiple: true },
	format: { type: 'string' },
	ack: { type: 'boolean' },
	count: { type: 'string' },
	seconds: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

/** The ELM327 protocols that put it on an ISO 15765-4 bus at each rate it can monitor. */
const ELM_MONITOR_PROTOCOLS: Readonly<Record<number, string>> = { 500_000: '6', 250_000: '8' };

interface DumpPlan {
	spec: PortSpec;
	baudRate: number | undefined;
	bitrate: number;
	dialect: SlcanDialect | null;
	filters: CanIdFilter[];
	ack: boolean;
	stop: { count?: number; seconds?: number };
}

export async function runCan(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, CAN_USAGE);
	if (values.help) {
		await write(io.stdout, CAN_USAGE + '\n');
		return 0;
	}
	const [command, ...rest] = positionals;
	if (command !== 'dump') {
		throw new UsageError(
			command ? `unknown can command "${command}"` : 'missing command',
			CAN_USAGE
		);
	}
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, CAN_USAGE);
	const adapter = values.adapter;
	if (adapter !== 'slcan' && adapter !== 'elm327') {
		throw new UsageError(
			adapter ? `--adapter must be slcan or elm327, got "${adapter}"` : '--adapter is required',
			CAN_USAGE
		);
	}
	const format = values.format ?? 'candump';
	if (format !== 'candump' && format !== 'jsonl') {
		throw new UsageError(`--format must be candump or jsonl, got "${format}"`, CAN_USAGE);
	}
	const dialect = values.dialect ?? (adapter === 'slcan' ? 'lawicel' : undefined);
	if (dialect !== undefined && (adapter !== 'slcan' || !isSlcanDialect(dialect))) {
		throw new UsageError(
			adapter === 'slcan'
				? `--dialect must be ${SLCAN_DIALECTS.join(' or ')}, got "${dialect}"`
				: '--dialect is for --adapter slcan',
			CAN_USAGE
		);
	}
	if (values.ack && adapter !== 'slcan') {
		throw new UsageError(
			'--ack is for --adapter slcan (an ELM327 monitor never acknowledges)',
			CAN_USAGE
		);
	}
	const bitrate =
		integerOption(values.bitrate, 'bitrate', CAN_USAGE, { min: 5000, max: 8_000_000 }) ?? 500_000;
	if (adapter === 'elm327' && !ELM_MONITOR_PROTOCOLS[bitrate]) {
		throw new UsageError(
			`an ELM327 monitors ISO 15765-4 buses at 500000 or 250000 bit/s, not ${bitrate}`,
			CAN_USAGE
		);
	}
	const plan: DumpPlan = {
		spec: parsePortSpec(values.port, CAN_USAGE),
		baudRate: integerOption(values.baud, 'baud', CAN_USAGE, { min: 300, max: 4_000_000 }),
		bitrate,
		dialect: dialect ?? null,
		filters: (values.filter ?? []).map((f) => parseCanFilter(f, CAN_USAGE)),
		ack: values.ack ?? false,
		stop: {
			count: integerOption(values.count, 'count', CAN_USAGE, {
				min: 1,
				max: Number.MAX_SAFE_INTEGER
			}),
			seconds: positiveOption(values.seconds, 'seconds', CAN_USAGE)
		}
	};
	const dump = new FrameDump(io, format, plan);
	const started = performance.now();
	if (adapter === 'slcan') await dumpSlcan(plan, dump);
	else await dumpElm327(plan, dump);
	const elapsed = (performance.now() - started) / 1000;
	const filtered = dump.filteredOut > 0 ? `, ${dump.filteredOut} filtered out` : '';
	await write(
		io.stderr,
		`${dump.written} frames in ${elapsed.toFixed(2)} s (${(dump.written / Math.max(elapsed, 1e-3)).toFixed(1)} frames/s${filtered})\n`
	);
	return 0;
}

async function dumpSlcan(plan: DumpPlan, dump: FrameDump): Promise<void> {
	const dialect = plan.dialect ?? 'lawicel';
	const stream = await openPort(plan.spec, { baudRate: plan.baudRate ?? 115200 });
	const adapter = new SlcanAdapter({ stream, dialect });
	try {
		await adapter.open({ bitrate: plan.bitrate, listenOnly: !plan.ack }, dump.sink).catch((err) => {
			// canable-fw answers the Lawicel timestamp command Z1 with BEL: the likeliest cause of a refusal here.
			if (err instanceof AdapterRejectedError && dialect === 'lawicel') {
				throw new AdapterRejectedError(
					`${err.message} (a CANable or other canable-fw device? add --dialect canable)`,
					err.adapter,
					{ cause: err }
				);
			}
			throw err;
		});
		await dump.run();
	} finally {
		await adapter.close();
		await stream.close();
	}
}

async function dumpElm327(plan: DumpPlan, dump: FrameDump): Promise<void> {
	const protocol = ELM_MONITOR_PROTOCOLS[plan.bitrate];
	await withElm327(plan.spec, { baudRate: plan.baudRate, protocol }, async (adapter) => {
		const hardware = combinedFilter(plan.filters);
		if (hardware) await adapter.setReceiveFilter(hardware);
		await adapter.startMonitor(dump.sink, { useStnFilters: hardware !== null });
		try {
			await dump.run();
		} finally {
			await adapter.stopMonitor();
		}
	});
}

/** Flushing in batches keeps a 4000 frames/s bus from costing a write() per frame. */
const FLUSH_MS = 20;

/**
 * Collects the adapter's frames as text and writes them out in batches until Ctrl-C, the count or the time
 * limit, or until the adapter closes the sink (a BUFFER FULL or an unplugged adapter end the dump with that
 * error). Frame timestamps are moved onto the wall clock at the first frame, as candump logs carry epoch time.
 */
class FrameDump {
	readonly sink: CanSink;
	written = 0;
	filteredOut = 0;
	#buffer = '';
	#offsetUs: number | null = null;
	#closed: AdapterError | null | undefined;
	readonly #stopped = new AbortController();
	readonly #format: (frame: CanFrame, epochUs: number) => string;

	constructor(
		readonly io: CliIo,
		format: DumpFormat,
		readonly plan: DumpPlan
	) {
		this.#format = format === 'jsonl' ? jsonlFrameLine : candumpLine;
		this.sink = {
			frame: (frame) => this.#frame(frame),
			closed: (reason) => {
				this.#closed = reason;
				this.#stopped.abort();
			}
		};
	}

	async run(): Promise<void> {
		const stopped = this.#stopped.signal;
		const onAbort = () => this.#stopped.abort();
		this.io.signal.addEventListener('abort', onAbort, { once: true });
		if (this.io.signal.aborted) this.#stopped.abort();
		const seconds = this.plan.stop.seconds;
		const timer = seconds === undefined ? null : setTimeout(onAbort, seconds * 1000);
		try {
			while (!stopped.aborted) {
				await sleep(FLUSH_MS, stopped);
				await this.#flush();
			}
			await this.#flush();
		} finally {
			if (timer) clearTimeout(timer);
			this.io.signal.removeEventListener('abort', onAbort);
		}
		if (this.#closed) throw this.#closed;
	}

	#frame(frame: CanFrame): void {
		if (this.#stopped.signal.aborted) return;
		if (!passesFilters(this.plan.filters, frame)) {
			this.filteredOut++;
			return;
		}
		this.#offsetUs ??= (performance.timeOrigin + performance.now()) * 1000 - frame.timestampUs;
		this.#buffer += this.#format(frame, frame.timestampUs + this.#offsetUs);
		this.written++;
		if (this.written === this.plan.stop.count) this.#stopped.abort();
	}

	async #flush(): Promise<void> {
		if (this.#buffer === '') return;
		const text = this.#buffer;
		this.#buffer = '';
		await write(this.io.stdout, text);
	}
}
