import type { Elm327Adapter } from '../lib/hardware/adapters/elm327';
import { MAX_PIDS_PER_REQUEST, type PidDefinition } from '../lib/hardware/protocol/obd2';
import { formatPidValue } from './format-pid';
import { write, type CliIo } from './io';
import { readPids } from '../lib/hardware/diagnostics/obd-session';

export interface WatchOptions {
	/** Stop after this many sample lines. */
	count?: number;
	/** Stop after this long. */
	seconds?: number;
	/** Host clock in ms. @default performance.now() */
	now?: () => number;
}

/**
 * Polls the PIDs as fast as the adapter and ECU answer (one request per six PIDs on CAN, one per PID on the
 * K-line) and prints one line per round: seconds since start, then each value with its unit. Stops on Ctrl-C
 * (io.signal), `count` or `seconds`, then reports the achieved rate on stderr, because with polled OBD the
 * rate is what users ask about.
 */
export async function watchPids(
	adapter: Elm327Adapter,
	pids: readonly PidDefinition[],
	io: CliIo,
	options: WatchOptions = {}
): Promise<void> {
	const now = options.now ?? (() => performance.now());
	// Several PIDs per request is ISO 15765-4 only; on the K-line and J1850, SAE J1979 allows one.
	const family = adapter.protocol?.family ?? 'can';
	const perRequest = family === 'can' ? MAX_PIDS_PER_REQUEST : 1;
	const groups: number[][] = [];
	for (let i = 0; i < pids.length; i += perRequest) {
		groups.push(pids.slice(i, i + perRequest).map((d) => d.pid));
	}
	// After the first round we know how many ECUs answer; telling the ELM (the count digit, protocols.md §1.2)
	// lets it return at once instead of waiting out ATST for more answers.
	const expected = new Map<number, number>();
	const start = now();
	const deadline = options.seconds === undefined ? Infinity : start + options.seconds * 1000;
	let samples = 0;
	while (!io.signal.aborted && samples < (options.count ?? Infinity) && now() < deadline) {
		const parts: string[] = [];
		for (const [g, group] of groups.entries()) {
			const answers = await readPids(adapter, group, expected.get(g));
			if (!expected.has(g)) await warnUnanswered(group, answers, pids, io);
			expected.set(g, Math.min(answers.length, 0xf));
			for (const { ecu, values } of answers) {
				const tag =
					answers.length > 1 ? ` [${ecu === null ? 'ECU' : ecu.toString(16).toUpperCase()}]` : '';
				for (const v of values) parts.push(`${v.name}${tag} ${formatPidValue(v)}`);
			}
		}
		samples++;
		const t = ((now() - start) / 1000).toFixed(3).padStart(8);
		await write(io.stdout, `${t} s  ${parts.join('  ')}\n`);
	}
	const elapsed = (now() - start) / 1000;
	if (samples > 0 && elapsed > 0) {
		await write(
			io.stderr,
			`${samples} samples in ${elapsed.toFixed(2)} s (${(samples / elapsed).toFixed(1)} Hz, ${groups.length} request${groups.length > 1 ? 's' : ''} per sample)\n`
		);
	}
}

/** An ECU answers only the PIDs it supports (SAE J1979), silently dropping the rest; say which were dropped. */
async function warnUnanswered(
	group: number[],
	answers: { values: { pid: number }[] }[],
	pids: readonly PidDefinition[],
	io: CliIo
): Promise<void> {
	const answered = new Set(answers.flatMap((a) => a.values.map((v) => v.pid)));
	for (const pid of group) {
		if (answered.has(pid)) continue;
		const def = pids.find((d) => d.pid === pid);
		const hex = pid.toString(16).toUpperCase().padStart(2, '0');
		await write(
			io.stderr,
			`warning: no ECU answers PID ${hex} (${def?.name ?? 'unknown'}); it is left out\n`
		);
	}
}
