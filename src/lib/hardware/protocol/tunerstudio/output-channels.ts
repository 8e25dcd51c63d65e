import {
	ExpressionCycleError,
	IniExpressionError,
	compileExpression,
	compileTree,
	definitionScope,
	dependencyOrder,
	extractBits,
	namesIn,
	parseExpression,
	readRaw,
	type ComputedChannel,
	type DataType,
	type DefinitionScope,
	type EcuDefinition,
	type Endianness,
	type EnvValue,
	type ExpressionNode,
	type NumericValue
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

/** A computed channel, compiled: `evaluate` reads the block's values decoded so far. */
export interface ComputedField {
	name: string;
	evaluate: (values: Readonly<Record<string, number>>) => number;
}

export interface CompileOutputChannelsOptions {
	/**
	 * The ECU's page images (index = page number − 1), e.g. from TunerStudioAdapter.readPage or msqPageImages:
	 * computed channels read constants from them (`lambda = { afr / stoich }`).
	 */
	pages?: readonly (Uint8Array | null | undefined)[];
	/** Constant values in user units (bits: option index), winning over `pages`; also `$tsCanId`-style names. */
	constants?: Readonly<Record<string, EnvValue>>;
	/** Seconds, for `timeNow` (speeduino.ini's `time` channel). @default performance.now() / 1000 */
	clock?: () => number;
	/** Lookups for `table(x, "file.inc")`. */
	table?: (file: string) => ((x: number) => number) | undefined;
}

/** A compiled plan for turning a realtime block into named engineering values. */
export interface OutputChannelLayout {
	blockSize: number;
	endianness: Endianness;
	fields: readonly Field[];
	/** Computed channels in evaluation order: each after every channel it reads. */
	computed: readonly ComputedField[];
	/** Channels the plan leaves out (see `unevaluatedReasons`). */
	unevaluated: readonly string[];
	/**
	 * Why each unevaluated channel is left out: it reads a name this definition does not have, a constant with no
	 * value (no page images given), a channel that is itself unevaluated, or its expression does not compile.
	 */
	unevaluatedReasons: Readonly<Record<string, string>>;
}

/** One decoded realtime block: `t` is the host clock in µs when it arrived. */
export interface OutputSample {
	t: number;
	values: Record<string, number>;
}

interface Pending {
	channel: ComputedChannel;
	tree: ExpressionNode;
}

/**
 * Prepares the definition's [OutputChannels] for repeated decoding: raw fields (offset, type, scaling), then the
 * computed channels compiled in dependency order. Computed channels read raw channels, earlier computed channels,
 * constants (from `pages` / `constants`), [PcVariables] and the #set settings. Scaling given as an expression
 * (speeduino.ini `idleLoad`) is evaluated here against the constants. Computed channels that depend on each other
 * in a loop throw ExpressionCycleError naming them; any other problem leaves the channel out, with its reason.
 */
export function compileOutputChannels(
	definition: EcuDefinition,
	options: CompileOutputChannelsOptions = {}
): OutputChannelLayout {
	const live = new Set<string>();
	const scope = definitionScope(definition, {
		...options,
		inputs: (name) => (live.has(name) ? 'number' : undefined)
	});
	const fields: Field[] = [];
	const reasons: Record<string, string> = {};
	const computedByName = new Map<string, ComputedChannel>();
	for (const ch of definition.outputChannels.channels) {
		if (ch.kind === 'computed') {
			computedByName.set(ch.name, ch);
			continue;
		}
		const { name, offset, type } = ch;
		if (ch.kind === 'bits') {
			fields.push({
				name,
				offset,
				type,
				scale: 1,
				translate: 0,
				low: ch.low,
				high: ch.high,
				bits: true
			});
			continue;
		}
		try {
			const scale = fixedNumber(ch.scale, scope);
			const translate = fixedNumber(ch.translate, scope);
			fields.push({ name, offset, type, scale, translate, low: 0, high: 0, bits: false });
		} catch (e) {
			reasons[ch.name] = reason(e, scope, reasons);
		}
	}
	for (const f of fields) live.add(f.name);

	const pending: Pending[] = [];
	for (const channel of computedByName.values()) {
		try {
			pending.push({ channel, tree: parseExpression(channel.expression.source) });
		} catch (e) {
			reasons[channel.name] = reason(e, scope, reasons);
		}
	}
	const order = dependencyOrder(
		pending,
		(p) => p.channel.name,
		(p) => namesIn(p.tree),
		'output channels'
	);
	const computed: ComputedField[] = [];
	for (const { channel, tree } of order) {
		try {
			const compiled = compileTree(tree, channel.expression.source, scope);
			if (compiled.type !== 'number') {
				reasons[channel.name] = `{${channel.expression.source}} gives text, not a number`;
				continue;
			}
			computed.push({ name: channel.name, evaluate: compiled.number });
			live.add(channel.name);
		} catch (e) {
			reasons[channel.name] = reason(e, scope, reasons);
		}
	}
	const unevaluated = definition.outputChannels.channels
		.map((c) => c.name)
		.filter((name, i, all) => Object.hasOwn(reasons, name) && all.indexOf(name) === i);
	return {
		blockSize: definition.outputChannels.blockSize,
		endianness: definition.endianness,
		fields,
		computed,
		unevaluated,
		unevaluatedReasons: reasons
	};
}

/**
 * Decodes a realtime block (the `r` reply's data, after the return code) into engineering values:
 * value = (raw + translate) × scale (speeduino.ini [Constants] header, the same rule for output channels); a bits
 * channel's value is its raw field. Then each computed channel, in dependency order. A block of the wrong size
 * throws MalformedTransferError; evaluation itself never throws (x / 0 is ±Infinity or NaN, per IEEE).
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
	for (const c of layout.computed) into[c.name] = c.evaluate(into);
	return into;
}

/** A scale or translate: a number, or an expression that must fold to one from constants alone. */
function fixedNumber(value: NumericValue, scope: DefinitionScope): number {
	if (typeof value === 'number') return value;
	const compiled = compileExpression(value.source, scope);
	if (compiled.type !== 'number' || !compiled.constant) {
		throw new TypeError(`scaling {${value.source}} is not a fixed number`);
	}
	return compiled.number();
}

function reason(e: unknown, scope: DefinitionScope, reasons: Record<string, string>): string {
	if (e instanceof ExpressionCycleError) throw e;
	if (e instanceof IniExpressionError) {
		if (e.code === 'unknown-name' && e.subject !== undefined) {
			const upstream = reasons[e.subject];
			if (upstream === undefined) return `{${e.source}} reads ${scope.explain(e.subject)}`;
			// Name the channel it reads and the first cause only, not the whole chain.
			const cause = upstream.replace(/^reads channel "[^"]+", unevaluated because /, '');
			return `reads channel "${e.subject}", unevaluated because ${cause}`;
		}
		return e.message;
	}
	if (e instanceof Error) return e.message;
	throw e;
}
