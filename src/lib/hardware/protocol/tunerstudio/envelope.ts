import { crc32 } from './crc32';
import { EnvelopeCrcError, EnvelopeLengthError } from './errors';

/** Bytes a msEnvelope_1.0 frame adds around its payload: u16 BE length before, CRC32 BE after (protocols.md §6.1). */
export const ENVELOPE_OVERHEAD = 6;
/** The u16 length field's ceiling. */
export const MAX_ENVELOPE_PAYLOAD = 0xffff;

/** `[len u16 BE][payload][crc32 BE of payload]`. */
export function encodeEnvelope(payload: Uint8Array): Uint8Array {
	if (payload.length === 0 || payload.length > MAX_ENVELOPE_PAYLOAD) {
		throw new RangeError(
			`envelope payload must be 1…${MAX_ENVELOPE_PAYLOAD} bytes, got ${payload.length}`
		);
	}
	const out = new Uint8Array(payload.length + ENVELOPE_OVERHEAD);
	const view = new DataView(out.buffer);
	view.setUint16(0, payload.length);
	out.set(payload, 2);
	view.setUint32(2 + payload.length, crc32(payload));
	return out;
}

export type EnvelopeEvent =
	| { kind: 'frame'; payload: Uint8Array }
	| { kind: 'error'; error: EnvelopeCrcError | EnvelopeLengthError };

export interface EnvelopeDecoderOptions {
	/** Smallest acceptable payload; a response always carries its return code. @default 1 */
	minPayload?: number;
	/** Largest acceptable payload, e.g. the biggest reply the pending request can get. @default 65535 */
	maxPayload?: number;
}

/**
 * Incremental msEnvelope_1.0 decoder: feed it whatever the port delivers (a frame split anywhere, several frames in
 * one chunk) and it yields each complete frame's payload. A CRC mismatch consumes that frame and decoding goes on
 * with the next; a length outside [minPayload, maxPayload] means the stream is out of step, so everything held is
 * dropped.
 */
export class EnvelopeDecoder {
	readonly #min: number;
	#max: number;
	#buf = new Uint8Array(512);
	#start = 0;
	#end = 0;

	constructor(options: EnvelopeDecoderOptions = {}) {
		this.#min = options.minPayload ?? 1;
		this.#max = options.maxPayload ?? MAX_ENVELOPE_PAYLOAD;
		checkLimits(this.#min, this.#max);
	}

	/** Bytes held towards an incomplete frame. */
	get buffered(): number {
		return this.#end - this.#start;
	}

	/** Changes the largest acceptable payload, e.g. per request. */
	set maxPayload(max: number) {
		checkLimits(this.#min, max);
		this.#max = max;
	}

	reset(): void {
		this.#start = this.#end = 0;
	}

	push(chunk: Uint8Array): EnvelopeEvent[] {
		this.#append(chunk);
		const events: EnvelopeEvent[] = [];
		const buf = this.#buf;
		while (this.#end - this.#start >= 2) {
			const s = this.#start;
			const length = (buf[s] << 8) | buf[s + 1];
			if (length < this.#min || length > this.#max) {
				events.push({
					kind: 'error',
					error: new EnvelopeLengthError(length, this.#min, this.#max)
				});
				this.reset();
				break;
			}
			const total = length + ENVELOPE_OVERHEAD;
			if (this.#end - s < total) break;
			const crcAt = s + 2 + length;
			const received =
				((buf[crcAt] << 24) | (buf[crcAt + 1] << 16) | (buf[crcAt + 2] << 8) | buf[crcAt + 3]) >>>
				0;
			const payload = buf.slice(s + 2, crcAt);
			const expected = crc32(payload);
			this.#start += total;
			events.push(
				expected === received
					? { kind: 'frame', payload }
					: { kind: 'error', error: new EnvelopeCrcError(expected, received, payload) }
			);
		}
		if (this.#start === this.#end) this.#start = this.#end = 0;
		return events;
	}

	#append(chunk: Uint8Array): void {
		const held = this.#end - this.#start;
		if (this.#end + chunk.length > this.#buf.length) {
			if (held + chunk.length <= this.#buf.length) {
				this.#buf.copyWithin(0, this.#start, this.#end);
			} else {
				const grown = new Uint8Array(Math.max(this.#buf.length * 2, held + chunk.length));
				grown.set(this.#buf.subarray(this.#start, this.#end));
				this.#buf = grown;
			}
			this.#start = 0;
			this.#end = held;
		}
		this.#buf.set(chunk, this.#end);
		this.#end += chunk.length;
	}
}

function checkLimits(min: number, max: number): void {
	if (
		!Number.isInteger(min) ||
		min < 0 ||
		!Number.isInteger(max) ||
		max < min ||
		max > MAX_ENVELOPE_PAYLOAD
	) {
		throw new RangeError(
			`envelope payload limits must satisfy 0 ≤ min ≤ max ≤ 65535, got ${min}…${max}`
		);
	}
}
