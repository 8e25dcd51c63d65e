import type { CanFrame } from '../can-frame';
import type { CompiledDbc } from './compiled-types';
import { DbcFrameLengthError } from './errors';

export interface DecodeFrameOptions {
	/** Throw `DbcFrameLengthError` unless the payload length equals the DBC's, as cantools does. @default false */
	strictLength?: boolean;
	/** Replace raw values that have a `VAL_` label with the label. @default false */
	choices?: boolean;
}

const scratchFor = new WeakMap<CompiledDbc, Float64Array>();

/**
 * Convenience decode for tools and tests: signal name → physical value, or undefined when the DBC has no such
 * message or the frame is a remote request. Signals that are not present (unselected multiplex branch, payload
 * too short) are left out, so a float signal whose bits are a NaN is left out too. Allocates; hot paths use
 * `CompiledMessage.decodeInto`.
 */
export function decodeFrame(
	compiled: CompiledDbc,
	frame: Pick<CanFrame, 'id' | 'extended' | 'data'> & { rtr?: boolean },
	options: DecodeFrameOptions & { choices: true }
): Record<string, number | string> | undefined;
export function decodeFrame(
	compiled: CompiledDbc,
	frame: Pick<CanFrame, 'id' | 'extended' | 'data'> & { rtr?: boolean },
	options?: DecodeFrameOptions & { choices?: false }
): Record<string, number> | undefined;
export function decodeFrame(
	compiled: CompiledDbc,
	frame: Pick<CanFrame, 'id' | 'extended' | 'data'> & { rtr?: boolean },
	options: DecodeFrameOptions
): Record<string, number | string> | undefined;
export function decodeFrame(
	compiled: CompiledDbc,
	frame: Pick<CanFrame, 'id' | 'extended' | 'data'> & { rtr?: boolean },
	options: DecodeFrameOptions = {}
): Record<string, number | string> | undefined {
	const msg = compiled.message(frame.id, frame.extended);
	if (!msg || frame.rtr) return undefined;
	if (options.strictLength && frame.data.length !== msg.length) {
		throw new DbcFrameLengthError(msg.name, msg.length, frame.data.length);
	}
	let out = scratchFor.get(compiled);
	if (!out) {
		out = new Float64Array(compiled.signals.length);
		scratchFor.set(compiled, out);
	}
	msg.decodeInto(frame.data, out);
	const result: Record<string, number | string> = {};
	for (const g of msg.signalIndexes) {
		const value = out[g];
		if (Number.isNaN(value)) continue;
		const info = compiled.signals[g];
		const label = options.choices
			? info.choices?.get(Math.round((value - info.offset) / info.factor))
			: undefined;
		result[info.name] = label ?? value;
	}
	return result;
}
