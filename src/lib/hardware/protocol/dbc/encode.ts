import type { CompiledDbc } from './compiled-types';
import { DbcEncodeError } from './errors';
import { lastByteOf, signalPieces } from './layout';
import type { DbcDatabase, DbcMessage, DbcSignal } from './types';

export interface EncodeOptions {
	/**
	 * What to do with a value outside the signal's `[min|max]` (when the DBC gives one) or outside what its bits
	 * can hold: `'throw'` a `DbcEncodeError`, or `'clamp'` to the nearest allowed value.
	 * @default 'throw'
	 */
	range?: 'throw' | 'clamp';
}

/**
 * Builds a payload of the message's declared length (protocols.md §8.1: raw = round((phys − offset) / factor)).
 * `values` maps signal names to physical values; a `bigint` is taken as the raw integer itself, for fields too
 * wide for a double. Signals left out get their `GenSigStartValue` raw value, or raw 0. Multiplexed signals
 * are written only when the encoded switch selects them, and giving a value for one it does not select throws,
 * as does a name the message lacks: a silently dropped value would be a wrong frame.
 * `message` is a name or an id (an 11-bit id is looked up before a 29-bit one).
 */
export function encodeMessage(
	source: CompiledDbc | DbcDatabase,
	message: string | number,
	values: Readonly<Record<string, number | bigint>>,
	options: EncodeOptions = {}
): Uint8Array {
	const msg = findMessage(source, message);
	const clamp = options.range === 'clamp';
	for (const name of Object.keys(values)) {
		if (!msg.signals.some((s) => s.name === name)) {
			throw new DbcEncodeError(`${msg.name} has no signal ${name}`, {
				messageName: msg.name,
				signalName: name
			});
		}
	}
	const data = new Uint8Array(msg.length);
	const raws = new Map<string, bigint>();
	for (const sig of bySwitchDepth(msg)) {
		const given = values[sig.name];
		if (!isSelected(msg, sig, raws)) {
			if (given !== undefined) {
				throw new DbcEncodeError(`${sig.name} is not selected by the multiplexer value given`, {
					messageName: msg.name,
					signalName: sig.name
				});
			}
			continue;
		}
		const pieces = signalPieces(sig);
		if (lastByteOf(pieces) >= msg.length) {
			if (given !== undefined) {
				throw new DbcEncodeError(`${sig.name} does not fit in ${msg.length} bytes`, {
					messageName: msg.name,
					signalName: sig.name
				});
			}
			continue;
		}
		const raw = given === undefined ? startRaw(sig) : toRaw(msg, sig, given, clamp);
		raws.set(sig.name, raw);
		const bits = BigInt.asUintN(sig.length, raw);
		for (const p of pieces) {
			const v = Number((bits >> BigInt(p.pos + 32 * p.word)) & BigInt(p.mask));
			data[p.byte] = (data[p.byte] & ~(p.mask << p.shift)) | (v << p.shift);
		}
	}
	return data;
}

function findMessage(source: CompiledDbc | DbcDatabase, message: string | number): DbcMessage {
	const all = 'signalIndex' in source ? source.messages.map((m) => m.message) : source.messages;
	const found =
		typeof message === 'string'
			? all.find((m) => m.name === message)
			: (all.find((m) => m.id === message && !m.extended) ?? all.find((m) => m.id === message));
	if (!found) throw new DbcEncodeError(`no message ${String(message)} in the database`, {});
	return found;
}

function bySwitchDepth(msg: DbcMessage): DbcSignal[] {
	const depth = (s: DbcSignal): number =>
		s.multiplexerSignal === undefined
			? 0
			: 1 + depth(msg.signals.find((x) => x.name === s.multiplexerSignal)!);
	return [...msg.signals].sort((a, b) => depth(a) - depth(b));
}

function isSelected(msg: DbcMessage, sig: DbcSignal, raws: Map<string, bigint>): boolean {
	if (sig.multiplexerSignal === undefined) return true;
	const sw = raws.get(sig.multiplexerSignal);
	if (sw === undefined) return false;
	const ranges = sig.multiplexerRanges ?? [
		{ lo: sig.multiplexerValue!, hi: sig.multiplexerValue! }
	];
	return ranges.some((r) => sw >= BigInt(r.lo) && sw <= BigInt(r.hi));
}

function startRaw(sig: DbcSignal): bigint {
	const start = sig.attributes.GenSigStartValue;
	return typeof start === 'number' && Number.isInteger(start) ? BigInt(start) : 0n;
}

function toRaw(msg: DbcMessage, sig: DbcSignal, value: number | bigint, clamp: boolean): bigint {
	const where = { messageName: msg.name, signalName: sig.name };
	if (typeof value === 'bigint') return fitRaw(sig, value, clamp, where);
	if (!Number.isFinite(value))
		throw new DbcEncodeError(`${sig.name}: ${value} is not a finite number`, where);
	if (sig.factor === 0) throw new DbcEncodeError(`${sig.name} has factor 0`, where);
	let phys = value;
	if (sig.min !== undefined && sig.max !== undefined) {
		const lo = Math.min(sig.min, sig.max);
		const hi = Math.max(sig.min, sig.max);
		// Tolerates the rounding a decode → encode round trip introduces (e.g. 255 × 0.392156… ≠ 100 exactly).
		const tol = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
		if (phys < lo - tol || phys > hi + tol) {
			if (!clamp)
				throw new DbcEncodeError(
					`${sig.name}: ${phys} is outside [${lo}, ${hi}] ${sig.unit}`,
					where
				);
			phys = Math.min(hi, Math.max(lo, phys));
		}
	}
	const scaled = (phys - sig.offset) / sig.factor;
	if (sig.valueType === 'float32' || sig.valueType === 'float64') {
		const view = new DataView(new ArrayBuffer(8));
		if (sig.valueType === 'float32') {
			view.setFloat32(0, scaled, true);
			return BigInt(view.getUint32(0, true));
		}
		view.setFloat64(0, scaled, true);
		return view.getBigUint64(0, true);
	}
	return fitRaw(sig, BigInt(Math.round(scaled)), clamp, where);
}

function fitRaw(
	sig: DbcSignal,
	raw: bigint,
	clamp: boolean,
	where: { messageName: string; signalName: string }
): bigint {
	const bits = BigInt(sig.length);
	const lo = sig.signed ? -(1n << (bits - 1n)) : 0n;
	const hi = sig.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
	if (raw >= lo && raw <= hi) return raw;
	if (!clamp) {
		throw new DbcEncodeError(
			`${sig.name}: raw value ${raw} does not fit ${sig.length} ${sig.signed ? 'signed' : 'unsigned'} bits`,
			where
		);
	}
	return raw < lo ? lo : hi;
}
