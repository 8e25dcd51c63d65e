import { hasTimestamp, isKnownRxPacketType, type RxPacketTypeCode } from './constants';

/**
 * One thing the OpenPort said. Bulk IN reads are a byte stream: several packets and replies may share a read and
 * one may be split across reads (protocols.md §4), so the parser below is incremental.
 */
export type OpenPortRxEvent =
	| {
			kind: 'packet';
			/** Protocol id of the channel. */
			channel: number;
			type: RxPacketTypeCode;
			/** Device clock, µs, 32 bits; undefined for K-line data packets, which carry none. */
			timestampUs: number | undefined;
			data: Uint8Array;
	  }
	/** A length-delimited packet whose type byte is none of j2534.c's; `body` is everything after the type. */
	| { kind: 'unknown-packet'; channel: number; type: number; body: Uint8Array }
	| { kind: 'ok' }
	| { kind: 'error'; code: number }
	| { kind: 'filter'; channel: number; filterId: number }
	| { kind: 'info'; text: string }
	| { kind: 'config'; channel: number; param: number; value: number }
	| { kind: 'voltage'; pin: number; millivolts: number }
	/** `ary<ch> <n>` and the n raw response bytes that follow it. */
	| { kind: 'fast-init'; channel: number; data: Uint8Array }
	/** A well-formed `ar<letter>…` line this parser has no meaning for. */
	| { kind: 'text'; line: string }
	/** Bytes skipped to get back in step, and why. */
	| { kind: 'malformed'; reason: string; bytes: Uint8Array };

export interface OpenPortRxParserOptions {
	/** A text reply longer than this without `\n` is garbage, not a line still arriving. @default 256 */
	maxLineLength?: number;
}

const A = 0x61;
const R = 0x72;
const LF = 0x0a;

/**
 * Incremental parser for the OpenPort bulk IN stream. `a r <digit>` starts a binary packet of `len + 4` bytes;
 * `a r <letter>` starts a text reply ending in `\r\n`. Bytes that fit neither are reported as `malformed` and
 * skipped up to the next `ar`, so one corrupt read never desynchronises the rest.
 */
export class OpenPortRxParser {
	readonly #maxLine: number;
	#rest: Uint8Array | null = null;
	#raw: Uint8Array | null = null;
	#rawAt = 0;
	#rawChannel = 0;

	constructor(options: OpenPortRxParserOptions = {}) {
		const max = options.maxLineLength ?? 256;
		if (!Number.isInteger(max) || max < 8) {
			throw new TypeError(`maxLineLength must be an integer of at least 8, got ${max}`);
		}
		this.#maxLine = max;
	}

	/** Bytes held back because they end mid-packet, mid-line or mid fast-init reply. */
	get buffered(): number {
		return (this.#rest?.length ?? 0) + this.#rawAt;
	}

	/** Forget partial input (a new session on the same device). */
	reset(): void {
		this.#rest = null;
		this.#raw = null;
		this.#rawAt = 0;
	}

	/** Feeds one bulk IN read; returns every event it completes, in stream order. */
	push(chunk: Uint8Array): OpenPortRxEvent[] {
		const events: OpenPortRxEvent[] = [];
		let buf = chunk;
		if (this.#rest) {
			buf = new Uint8Array(this.#rest.length + chunk.length);
			buf.set(this.#rest);
			buf.set(chunk, this.#rest.length);
			this.#rest = null;
		}
		const end = buf.length;
		let i = 0;
		while (i < end) {
			if (this.#raw) {
				i = this.#takeRaw(buf, i, end, events);
				continue;
			}
			if (buf[i] !== A || (i + 1 < end && buf[i + 1] !== R)) {
				i = this.#skip(buf, i, end, 'bytes outside any packet or reply', events);
				continue;
			}
			if (i + 3 > end) break;
			const c = buf[i + 2];
			if (c >= 0x31 && c <= 0x39) {
				if (i + 4 > end) break;
				const len = buf[i + 3];
				if (i + 4 + len > end) break;
				this.#packet(buf, i, c - 0x30, len, events);
				i += 4 + len;
			} else if (c >= 0x61 && c <= 0x7a) {
				const next = this.#line(buf, i, end, events);
				if (next < 0) break;
				i = next;
			} else {
				i = this.#skip(buf, i, end, `"ar" followed by 0x${hex(c)}`, events);
			}
		}
		if (i < end) this.#rest = buf.slice(i);
		return events;
	}

	#packet(buf: Uint8Array, at: number, channel: number, len: number, out: OpenPortRxEvent[]): void {
		const end = at + 4 + len;
		if (len === 0) {
			out.push(malformed('packet with length 0 has no type byte', buf, at, end));
			return;
		}
		const type = buf[at + 4];
		if (!isKnownRxPacketType(type)) {
			out.push({ kind: 'unknown-packet', channel, type, body: buf.slice(at + 5, end) });
			return;
		}
		if (!hasTimestamp(channel, type)) {
			out.push({
				kind: 'packet',
				channel,
				type,
				timestampUs: undefined,
				data: buf.slice(at + 5, end)
			});
			return;
		}
		if (len < 5) {
			out.push(malformed(`packet length ${len} cannot hold its timestamp`, buf, at, end));
			return;
		}
		const timestampUs =
			((buf[at + 5] << 24) | (buf[at + 6] << 16) | (buf[at + 7] << 8) | buf[at + 8]) >>> 0;
		out.push({ kind: 'packet', channel, type, timestampUs, data: buf.slice(at + 9, end) });
	}

	/** Returns the index after the line, or -1 when the line is still arriving. */
	#line(buf: Uint8Array, at: number, end: number, out: OpenPortRxEvent[]): number {
		const limit = Math.min(end, at + this.#maxLine);
		let nl = -1;
		for (let j = at + 3; j < limit; j++) {
			if (buf[j] === LF) {
				nl = j;
				break;
			}
		}
		if (nl < 0) {
			if (limit - at < this.#maxLine) return -1;
			return this.#skip(buf, at, end, `text reply longer than ${this.#maxLine} bytes`, out);
		}
		const stop = nl > at && buf[nl - 1] === 0x0d ? nl - 1 : nl;
		const text = String.fromCharCode(...buf.subarray(at, stop));
		const event = parseReply(text);
		if (event === 'fast-init') {
			const match = /^ary(\d) +(\d+)$/.exec(text)!;
			this.#rawChannel = Number(match[1]);
			this.#raw = new Uint8Array(Number(match[2]));
			this.#rawAt = 0;
		} else {
			out.push(event ?? malformed(`unparseable reply ${JSON.stringify(text)}`, buf, at, nl + 1));
		}
		return nl + 1;
	}

	#takeRaw(buf: Uint8Array, at: number, end: number, out: OpenPortRxEvent[]): number {
		const raw = this.#raw!;
		const n = Math.min(raw.length - this.#rawAt, end - at);
		raw.set(buf.subarray(at, at + n), this.#rawAt);
		this.#rawAt += n;
		if (this.#rawAt === raw.length) {
			out.push({ kind: 'fast-init', channel: this.#rawChannel, data: raw });
			this.#raw = null;
			this.#rawAt = 0;
		}
		return at + n;
	}

	/** Reports buf[from…] up to the next possible `ar` as malformed and returns where parsing resumes. */
	#skip(
		buf: Uint8Array,
		from: number,
		end: number,
		reason: string,
		out: OpenPortRxEvent[]
	): number {
		let j = from + 1;
		while (j < end && !(buf[j] === A && (j + 1 === end || buf[j + 1] === R))) j++;
		out.push(malformed(reason, buf, from, j));
		return j;
	}
}

function malformed(reason: string, buf: Uint8Array, from: number, to: number): OpenPortRxEvent {
	return { kind: 'malformed', reason, bytes: buf.slice(from, to) };
}

/** The text replies j2534.c understands; 'fast-init' means raw bytes follow; undefined means malformed. */
function parseReply(text: string): OpenPortRxEvent | 'fast-init' | undefined {
	let m: RegExpExecArray | null;
	switch (text.charCodeAt(2)) {
		case 0x6f: // o
			return text === 'aro' ? { kind: 'ok' } : undefined;
		case 0x65: // e
			m = /^are\d? +(\d+)$/.exec(text);
			return m ? { kind: 'error', code: Number(m[1]) } : undefined;
		case 0x66: // f
			m = /^arf(\d) +(\d+)$/.exec(text);
			return m ? { kind: 'filter', channel: Number(m[1]), filterId: Number(m[2]) } : undefined;
		case 0x69: // i
			return text.startsWith('ari ') ? { kind: 'info', text: text.slice(4) } : undefined;
		case 0x67: // g
			m = /^arg(\d) +(\d+) +(\d+)$/.exec(text);
			return m
				? { kind: 'config', channel: Number(m[1]), param: Number(m[2]), value: Number(m[3]) }
				: undefined;
		case 0x72: // r
			m = /^arr +(\d+) +(\d+)$/.exec(text);
			return m ? { kind: 'voltage', pin: Number(m[1]), millivolts: Number(m[2]) } : undefined;
		case 0x79: // y
			m = /^ary(\d) +(\d+)$/.exec(text);
			return m && Number(m[2]) > 0 ? 'fast-init' : undefined;
		default:
			return /^ar[a-z][\x20-\x7e]*$/.test(text) ? { kind: 'text', line: text } : undefined;
	}
}

function hex(byte: number): string {
	return byte.toString(16).padStart(2, '0');
}
