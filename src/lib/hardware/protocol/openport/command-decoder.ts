import { J2534Filter, MAX_FILTER_BYTES, PM_DATA_LEN } from './constants';

/** One host command as the OpenPort firmware reads it (the inverse of commands.ts). */
export type OpenPortHostCommand =
	| { kind: 'identify' }
	| { kind: 'open' }
	| { kind: 'close' }
	| { kind: 'connect'; protocol: number; flags: number; baud: number }
	| { kind: 'disconnect'; channel: number }
	| { kind: 'write'; channel: number; txFlags: number; data: Uint8Array }
	| {
			kind: 'start-filter';
			channel: number;
			filterType: number;
			txFlags: number;
			mask: Uint8Array;
			pattern: Uint8Array;
			flowControl: Uint8Array | undefined;
	  }
	| { kind: 'stop-filter'; channel: number; filterId: number }
	| { kind: 'get-config'; channel: number; param: number }
	| { kind: 'set-config'; channel: number; param: number; value: number }
	| { kind: 'read-voltage'; pin: number }
	| { kind: 'fast-init'; channel: number; data: Uint8Array }
	/** `unknown`: not a command letter the firmware knows; `syntax`: a known command with bad arguments. */
	| { kind: 'invalid'; line: string; reason: 'unknown' | 'syntax' };

type Header = { line: string; size: number; finish(payload: Uint8Array): OpenPortHostCommand };

const LF = 0x0a;
const MAX_LINE = 128;

/**
 * Incremental decoder of the host → OpenPort byte stream: `\n`-terminated ASCII lines (a trailing `\r` is
 * dropped, blank lines are skipped), where `att`, `atf` and `aty` are followed by as many raw bytes as their
 * header declares. A declared size the device could not buffer is a syntax error and the line alone is consumed.
 */
export class OpenPortCommandDecoder {
	#buf = new Uint8Array(0);
	#header: Header | null = null;

	push(chunk: Uint8Array): OpenPortHostCommand[] {
		const out: OpenPortHostCommand[] = [];
		const buf = new Uint8Array(this.#buf.length + chunk.length);
		buf.set(this.#buf);
		buf.set(chunk, this.#buf.length);
		let i = 0;
		for (;;) {
			if (this.#header) {
				const { size, finish } = this.#header;
				if (buf.length - i < size) break;
				out.push(finish(buf.slice(i, i + size)));
				i += size;
				this.#header = null;
				continue;
			}
			const nl = buf.indexOf(LF, i);
			if (nl < 0) {
				if (buf.length - i > MAX_LINE) {
					out.push({ kind: 'invalid', line: ascii(buf.subarray(i, i + 32)), reason: 'syntax' });
					i = buf.length;
				}
				break;
			}
			const stop = nl > i && buf[nl - 1] === 0x0d ? nl - 1 : nl;
			const line = ascii(buf.subarray(i, stop));
			i = nl + 1;
			if (line === '') continue;
			const parsed = parseLine(line);
			if ('size' in parsed) this.#header = parsed;
			else out.push(parsed);
		}
		this.#buf = buf.slice(i);
		return out;
	}
}

function parseLine(line: string): OpenPortHostCommand | Header {
	const m = /^at([a-z])(\d*)((?: +\S+)*) *$/.exec(line);
	if (!m) return { kind: 'invalid', line, reason: 'unknown' };
	const [, letter, ch, rest] = m;
	const args = rest.trim() === '' ? [] : rest.trim().split(/ +/);
	const nums = args.map((a) => (/^\d{1,10}$/.test(a) ? Number(a) : NaN));
	const channel = ch === '' ? NaN : Number(ch);
	const syntax: OpenPortHostCommand = { kind: 'invalid', line, reason: 'syntax' };
	const ok = (count: number, needChannel: boolean) =>
		nums.length === count &&
		nums.every(Number.isFinite) &&
		Number.isFinite(channel) === needChannel;
	switch (letter) {
		case 'i':
			return ok(0, false) ? { kind: 'identify' } : syntax;
		case 'a':
			return ok(0, false) ? { kind: 'open' } : syntax;
		case 'z':
			return ok(0, false) ? { kind: 'close' } : syntax;
		case 'o':
			return ok(3, true)
				? { kind: 'connect', protocol: channel, flags: nums[0], baud: nums[1] }
				: syntax;
		case 'c':
			return ok(0, true) ? { kind: 'disconnect', channel } : syntax;
		case 'k':
			return ok(1, true) ? { kind: 'stop-filter', channel, filterId: nums[0] } : syntax;
		case 'g':
			return ok(1, true) ? { kind: 'get-config', channel, param: nums[0] } : syntax;
		case 's':
			return ok(2, true) ? { kind: 'set-config', channel, param: nums[0], value: nums[1] } : syntax;
		case 'r':
			return ok(1, false) ? { kind: 'read-voltage', pin: nums[0] } : syntax;
		case 't': {
			if (!ok(2, true) || nums[0] < 1 || nums[0] > PM_DATA_LEN) return syntax;
			const txFlags = nums[1];
			return { line, size: nums[0], finish: (data) => ({ kind: 'write', channel, txFlags, data }) };
		}
		case 'y': {
			if (!ok(2, true) || nums[0] < 1 || nums[0] > 80) return syntax;
			return { line, size: nums[0], finish: (data) => ({ kind: 'fast-init', channel, data }) };
		}
		case 'f': {
			if (!ok(3, true) || nums[2] < 1 || nums[2] > MAX_FILTER_BYTES) return syntax;
			const [filterType, txFlags, n] = nums;
			const parts = filterType === J2534Filter.FLOW_CONTROL ? 3 : 2;
			return {
				line,
				size: n * parts,
				finish: (data) => ({
					kind: 'start-filter',
					channel,
					filterType,
					txFlags,
					mask: data.slice(0, n),
					pattern: data.slice(n, 2 * n),
					flowControl: parts === 3 ? data.slice(2 * n) : undefined
				})
			};
		}
		default:
			return { kind: 'invalid', line, reason: 'unknown' };
	}
}

function ascii(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes);
}
