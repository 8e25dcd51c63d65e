import {
	extractBits,
	readRaw,
	type DataType,
	type EcuDefinition,
	type Endianness
} from '../../../tune/ini';
import { MalformedTransferError } from '../../errors';
import { TS_ADAPTER } from './errors';

interface Field {
	name: string;
	offset: number;
	type: DataType;
	scale: number;
	translate: number;
	/** Bit fields only. */
	low: number;
	high: number;
	bits: boolean;
}

/** A compiled plan for turning a realtime block into named engineering values. */
export interface OutputChannelLayout {
	blockSize: number;
	endianness: Endianness;
	fields: readonly Field[];
	/** Channels the plan leaves out because they need the expression evaluator (computed channels, or scalars whose
	 * scale or translate is an expression). */
	unevaluated: readonly string[];
}

/** One decoded realtime block: `t` is the host clock in µs when it arrived. */
export interface OutputSample {
	t: number;
	values: Record<string, number>;
}

/** Prepares the definition's [OutputChannels] for repeated decoding. */
export function compileOutputChannels(definition: EcuDefinition): OutputChannelLayout {
	const fields: Field[] = [];
	const unevaluated: string[] = [];
	for (const ch of definition.outputChannels.channels) {
		if (ch.kind === 'computed') unevaluated.push(ch.name);
		else if (ch.kind === 'bits') {
			fields.push({
				name: ch.name,
				offset: ch.offset,
				type: ch.type,
				scale: 1,
				translate: 0,
				low: ch.low,
				high: ch.high,
				bits: true
			});
		} else if (typeof ch.scale !== 'number' || typeof ch.translate !== 'number') {
			unevaluated.push(ch.name);
		} else {
			fields.push({
				name: ch.name,
				offset: ch.offset,
				type: ch.type,
				scale: ch.scale,
				translate: ch.translate,
				low: 0,
				high: 0,
				bits: false
			});
		}
	}
	return {
		blockSize: definition.outputChannels.blockSize,
		endianness: definition.endianness,
		fields,
		unevaluated
	};
}

/**
 * Decodes a realtime block (the `r` reply's data, after the return code) into engineering values:
 * value = (raw + translate) × scale (speeduino.ini [Constants] header, the same rule for output channels); a bits
 * channel's value is its raw field. A block of the wrong size throws MalformedTransferError.
 */
export function decodeOutputChannels(
	layout: OutputChannelLayout,
	block: Uint8Array,
	into: Record<string, number> = {}
): Record<string, number> {
	if (block.length !== layout.blockSize) {
		throw new MalformedTransferError(
			`output-channel block is ${block.length} bytes, the definition says ${layout.blockSize}`,
			TS_ADAPTER
		);
	}
	const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
	const le = layout.endianness;
	for (const f of layout.fields) {
		const raw = readRaw(view, f.offset, f.type, le);
		into[f.name] = f.bits ? extractBits(raw, f.low, f.high) : (raw + f.translate) * f.scale;
	}
	return into;
}
