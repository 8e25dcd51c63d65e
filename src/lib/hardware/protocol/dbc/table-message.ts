import type { CompiledMessage } from './compiled-types';
import { ABSENT, F32, F64, S32, U32, U64, WINDOW_NONE, type Tables } from './tables';
import type { DbcMessage, DbcSignal } from './types';
import { decodeWords } from './decode-words';
import { buildWordPlan } from './word-plan';

const TWO_32 = 4294967296;

/**
 * One message's view of the shared tables. Messages of at most 8 bytes read their plain integer signals through
 * a word plan (`word-plan.ts`); longer (CAN FD) ones through per-signal 4-byte windows. Everything else takes the
 * general bit-by-bit path.
 */
export class TableMessage implements CompiledMessage {
	readonly name: string;
	readonly id: number;
	readonly extended: boolean;
	readonly length: number;
	readonly requiredLength: number;
	readonly message: DbcMessage;
	readonly signalIndexes: Int32Array;
	/** True when the message is at most 8 bytes long and decodes through `plan`. */
	private readonly small: boolean;
	/** See `WordPlan`; empty for long messages. */
	private readonly plan: Int32Array;
	private readonly planScale: Float64Array;
	/** Long messages only. Per entry: global index, window byte, left shift, right shift; grouped by window mode. */
	private readonly fast: Int32Array;
	/** End offset in `fast` of the LE-unsigned, LE-signed, BE-unsigned and BE-signed groups. */
	private readonly fastEnd: Int32Array;
	private readonly fastScale: Float64Array;
	/** Everything else in dependency order: multiplexed, wide, float, and signals that do not fit. */
	private readonly general: Int32Array;
	/** All signals in dependency order, for payloads shorter than `requiredLength`. */
	private readonly order: Int32Array;
	private readonly t: Tables;

	constructor(options: { msg: DbcMessage; base: number; tables: Tables }) {
		const { msg, base, tables: t } = options;
		this.name = msg.name;
		this.id = msg.id;
		this.extended = msg.extended;
		this.length = msg.length;
		this.message = msg;
		this.t = t;
		this.signalIndexes = Int32Array.from(msg.signals, (_, i) => base + i);
		this.order = decodeOrder(msg, base);
		let required = 0;
		const byMode: number[][] = [[], [], [], []];
		const general: number[] = [];
		for (const g of this.order) {
			if (t.kind[g] !== ABSENT) required = Math.max(required, t.lastByte[g] + 1);
			const mode = t.window[g * 4 + 3];
			// Switches stay on the general path, which records the raw value their dependants compare.
			const isSwitch = msg.signals[g - base].isMultiplexer;
			if (mode !== WINDOW_NONE && t.kind[g] !== ABSENT && t.muxSwitch[g] < 0 && !isSwitch) {
				byMode[mode].push(g);
			} else general.push(g);
		}
		this.requiredLength = required;
		this.small = msg.length <= 8;
		const planned = this.small ? byMode.flat() : [];
		const words = buildWordPlan(
			planned.map((g) => ({ index: g, signal: msg.signals[g - base], signed: t.kind[g] === S32 }))
		);
		this.plan = words.plan;
		this.planScale = words.scale;
		general.push(...words.rest);
		const windows = this.small ? [[], [], [], []] : byMode;
		const windowOrder = windows.flat();
		this.fast = Int32Array.from(
			windowOrder.flatMap((g) => [g, t.window[g * 4], t.window[g * 4 + 1], t.window[g * 4 + 2]])
		);
		this.fastScale = Float64Array.from(windowOrder.flatMap((g) => [t.factor[g], t.offset[g]]));
		let end = 0;
		this.fastEnd = Int32Array.from(windows, (list) => (end += list.length * 4));
		this.general = Int32Array.from(general);
	}

	decodeInto(data: Uint8Array, out: Float64Array): boolean {
		if (data.length < this.requiredLength) {
			this.decodeList(this.order, data, out, true);
			return false;
		}
		if (this.small) {
			decodeWords(this.plan, this.planScale, data.length < 8 ? this.pad(data) : data, out);
			if (this.general.length > 0) this.decodeList(this.general, data, out, false);
			return true;
		}
		const bytes = this.t.bytes;
		const need = this.requiredLength;
		for (let i = 0; i < need; i++) bytes[i] = data[i];
		// One branch-free loop per window mode; bytes past `need` are stale, but every window masks them off.
		const f = this.fast;
		const k = this.fastScale;
		let j = 0;
		let s = 0;
		for (const end = this.fastEnd[0]; j < end; j += 4, s += 2) {
			const b = f[j + 1];
			const w = bytes[b] | (bytes[b + 1] << 8) | (bytes[b + 2] << 16) | (bytes[b + 3] << 24);
			const v = (w << f[j + 2]) >>> f[j + 3];
			out[f[j]] = v * k[s] + k[s + 1];
		}
		for (const end = this.fastEnd[1]; j < end; j += 4, s += 2) {
			const b = f[j + 1];
			const w = bytes[b] | (bytes[b + 1] << 8) | (bytes[b + 2] << 16) | (bytes[b + 3] << 24);
			const v = (w << f[j + 2]) >> f[j + 3];
			out[f[j]] = v * k[s] + k[s + 1];
		}
		for (const end = this.fastEnd[2]; j < end; j += 4, s += 2) {
			const b = f[j + 1];
			const w = (bytes[b] << 24) | (bytes[b + 1] << 16) | (bytes[b + 2] << 8) | bytes[b + 3];
			const v = (w << f[j + 2]) >>> f[j + 3];
			out[f[j]] = v * k[s] + k[s + 1];
		}
		for (const end = this.fastEnd[3]; j < end; j += 4, s += 2) {
			const b = f[j + 1];
			const w = (bytes[b] << 24) | (bytes[b + 1] << 16) | (bytes[b + 2] << 8) | bytes[b + 3];
			const v = (w << f[j + 2]) >> f[j + 3];
			out[f[j]] = v * k[s] + k[s + 1];
		}
		if (this.general.length > 0) this.decodeList(this.general, data, out, false);
		return true;
	}

	/**
	 * Copies a short payload into the scratch bytes. The bytes past `data.length` are stale, but no planned field
	 * reads them: every one fits `requiredLength ≤ data.length`.
	 */
	private pad(data: Uint8Array): Uint8Array {
		const bytes = this.t.bytes;
		for (let i = 0; i < data.length; i++) bytes[i] = data[i];
		return bytes;
	}

	/**
	 * Decodes every signal through the general bit-by-bit path, as for a short payload: the reference the fast
	 * paths are tested against. Not for hot paths.
	 */
	decodeBitwise(data: Uint8Array, out: Float64Array): void {
		this.decodeList(this.order, data, out, true);
	}

	private decodeList(
		list: Int32Array,
		data: Uint8Array,
		out: Float64Array,
		checkLength: boolean
	): void {
		const { kind, loStart, loEnd, signShift, lastByte, factor, offset, muxSwitch, raw } = this.t;
		const { pByte, pShift, pMask, pPos } = this.t;
		const len = data.length;
		for (let j = 0; j < list.length; j++) {
			const g = list[j];
			const k = kind[g];
			const sw = muxSwitch[g];
			if (
				k === ABSENT ||
				(checkLength && lastByte[g] >= len) ||
				(sw >= 0 && !this.selected(g, raw[sw]))
			) {
				raw[g] = NaN;
				out[g] = NaN;
				continue;
			}
			let lo = 0;
			const end = loEnd[g];
			for (let q = loStart[g]; q < end; q++) {
				lo |= ((data[pByte[q]] >>> pShift[q]) & pMask[q]) << pPos[q];
			}
			let value: number;
			if (k === U32) value = lo >>> 0;
			else if (k === S32) {
				const s = signShift[g];
				value = (lo << s) >> s;
			} else value = this.wide(g, k, data, lo);
			raw[g] = value;
			out[g] = value * factor[g] + offset[g];
		}
	}

	private selected(g: number, switchRaw: number): boolean {
		const { muxRangeStart, muxRangeEnd, muxLo, muxHi } = this.t;
		for (let i = muxRangeStart[g]; i < muxRangeEnd[g]; i++) {
			if (switchRaw >= muxLo[i] && switchRaw <= muxHi[i]) return true;
		}
		return false;
	}

	private highWord(g: number, data: Uint8Array): number {
		const { loEnd, hiEnd, pByte, pShift, pMask, pPos } = this.t;
		let hi = 0;
		for (let q = loEnd[g]; q < hiEnd[g]; q++) {
			hi |= ((data[pByte[q]] >>> pShift[q]) & pMask[q]) << pPos[q];
		}
		return hi;
	}

	/** >32-bit and float signals; exact up to 2^53, one correctly rounded step beyond (use rawBigInt there). */
	private wide(g: number, k: number, data: Uint8Array, lo: number): number {
		const { view, signShift } = this.t;
		// The view's bytes 64–71 are past any payload window, so they serve as float scratch.
		if (k === F32) {
			view.setUint32(64, lo >>> 0, true);
			return view.getFloat32(64, true);
		}
		const hi = this.highWord(g, data);
		if (k === F64) {
			view.setUint32(64, lo >>> 0, true);
			view.setUint32(68, hi >>> 0, true);
			return view.getFloat64(64, true);
		}
		if (k === U64) return (hi >>> 0) * TWO_32 + (lo >>> 0);
		const s = signShift[g];
		return ((hi << s) >> s) * TWO_32 + (lo >>> 0);
	}

	rawBigInt(data: Uint8Array, signalIndex: number): bigint | undefined {
		const local = signalIndex - this.signalIndexes[0];
		if (local < 0 || local >= this.signalIndexes.length) return undefined;
		const { kind, lastByte, loStart, loEnd, pByte, pShift, pMask, pPos, muxSwitch, raw } = this.t;
		if (kind[signalIndex] === ABSENT || lastByte[signalIndex] >= data.length) return undefined;
		if (muxSwitch[signalIndex] >= 0) {
			this.decodeList(this.order, data, new Float64Array(raw.length), true);
			if (Number.isNaN(raw[signalIndex])) return undefined;
		}
		let lo = 0;
		for (let q = loStart[signalIndex]; q < loEnd[signalIndex]; q++) {
			lo |= ((data[pByte[q]] >>> pShift[q]) & pMask[q]) << pPos[q];
		}
		const value = (BigInt(this.highWord(signalIndex, data) >>> 0) << 32n) | BigInt(lo >>> 0);
		const sig = this.message.signals[local];
		return sig.signed && sig.valueType === 'integer' ? BigInt.asIntN(sig.length, value) : value;
	}
}

/** Switches before the signals they select, so a cascaded mux reads an already decoded switch. */
function decodeOrder(msg: DbcMessage, base: number): Int32Array {
	const depth = (sig: DbcSignal): number => {
		let d = 0;
		let cur: DbcSignal | undefined = sig;
		while (cur?.multiplexerSignal !== undefined) {
			d++;
			const name: string = cur.multiplexerSignal;
			cur = msg.signals.find((s) => s.name === name);
		}
		return d;
	};
	const order = msg.signals.map((s, i) => ({ g: base + i, d: depth(s) }));
	order.sort((a, b) => a.d - b.d || a.g - b.g);
	return Int32Array.from(order, (o) => o.g);
}
