/**
 * A format-neutral ECU definition: what a tuning tool must know about an ECU's memory and live data, whichever file
 * described it. The TunerStudio .ini reader (parse-ini.ts) is one producer; a rusEFI or hyper-tuner JSON reader can be
 * another. Tables, curves, menus and dialogs (ui-model.ts) sit beside these records; every record is plain data (no
 * methods) and every field that an .ini may give as `{ expression }` is typed as such.
 */

import type { CurveEditor, Dialog, Menu, TableEditor, VeAnalyze } from './ui-model';

/** Storage types of constants and output channels (protocols.md §6.3). */
export type DataType = 'U08' | 'S08' | 'U16' | 'S16' | 'U32' | 'S32' | 'F32';

export type Endianness = 'little' | 'big';

/** A `{ … }` expression kept as written; compile it with compileExpression (expression/compile.ts) to evaluate. */
export interface Expression {
	kind: 'expression';
	source: string;
}

/** A number, or an expression (or bare identifier) that needs the evaluator. */
export type NumericValue = number | Expression;

/** A label, or an expression such as `{ bitStringValue(algorithmUnits, algorithm) }`. */
export type TextValue = string | Expression;

/** Array shape: `[N]` is 1 row of N columns; `[XxY]` is X columns by Y rows, stored row-major (protocols.md §6.3). */
export interface ArrayShape {
	columns: number;
	rows: number;
}

interface ConstantBase {
	name: string;
	/** Page number as the definition numbers it (the .ini's `page = N`, 1-based for Speeduino). */
	page: number;
	/** Byte offset within the page. */
	offset: number;
}

/** Scaling shared by scalars and arrays: user value = (raw + translate) × scale. */
export interface Scaling {
	units: TextValue;
	scale: NumericValue;
	translate: NumericValue;
	min: NumericValue;
	max: NumericValue;
	digits: NumericValue;
}

export interface ScalarConstant extends ConstantBase, Scaling {
	kind: 'scalar';
	type: DataType;
}

export interface ArrayConstant extends ConstantBase, Scaling {
	kind: 'array';
	type: DataType;
	shape: ArrayShape;
}

/** A bit field of an unsigned word: the raw value is bits [low, high] inclusive and indexes `options`. */
export interface BitsConstant extends ConstantBase {
	kind: 'bits';
	type: DataType;
	low: number;
	high: number;
	/** Option labels by raw value; "INVALID" marks values a UI must not offer. */
	options: string[];
}

export interface StringConstant extends ConstantBase {
	kind: 'string';
	length: number;
}

export type Constant = ScalarConstant | ArrayConstant | BitsConstant | StringConstant;

/** `T` without its place in ECU memory. */
type Unplaced<T> = T extends unknown ? Omit<T, 'page' | 'offset'> : never;

/**
 * A [PcVariables] entry: a value the tuning tool keeps (in the project or the .msq), never in ECU memory, with a
 * constant's type, shape, scaling or options. Expressions read it like a constant (`bitStringValue(algorithmUnits,
 * algorithm)`, `arrayValue(array.boardFuelOutputs, pinLayout)`). `value` is its [ConstantsExtensions]
 * `defaultValue` in user units (a bits variable's option index), else 0, zeros or ''.
 */
export type PcVariable = Unplaced<Constant> & { value: number | number[] | string };

export interface ConstantPage {
	number: number;
	size: number;
	constants: Constant[];
}

/** Raw command templates as the .ini writes them (escapes such as `\$tsCanId`, `\x30`, `%2o` kept). */
export interface CommandTemplates {
	query?: string;
	versionInfo?: string;
	/** Per page, in page order. */
	pageIdentifier: string[];
	pageRead: string[];
	pageValueWrite: string[];
	pageChunkWrite: string[];
	burn: string[];
	crc32Check: string[];
	outputChannels?: string;
}

/** How the host talks to the ECU; timings in ms. */
export interface CommsSettings {
	/** e.g. `msEnvelope_1.0`; undefined when the definition does not say (older Speeduino inis). */
	messageEnvelopeFormat?: string;
	/** Most data bytes per page read or write message. */
	blockingFactor?: number;
	tableBlockingFactor?: number;
	blockReadTimeout?: number;
	delayAfterPortOpen?: number;
	interWriteDelay?: number;
	pageActivationDelay?: number;
}

export interface ScalarChannel {
	kind: 'scalar';
	name: string;
	type: DataType;
	offset: number;
	units: TextValue;
	scale: NumericValue;
	translate: NumericValue;
}

export interface BitsChannel {
	kind: 'bits';
	name: string;
	type: DataType;
	offset: number;
	low: number;
	high: number;
	options: string[];
}

/** A channel computed from others (`name = { expr }`); compileOutputChannels evaluates it after each block. */
export interface ComputedChannel {
	kind: 'computed';
	name: string;
	expression: Expression;
	units?: TextValue;
}

export type OutputChannel = ScalarChannel | BitsChannel | ComputedChannel;

export interface OutputChannels {
	/** Bytes in one realtime block (`ochBlockSize`). */
	blockSize: number;
	channels: OutputChannel[];
}

export interface EcuDefinition {
	/** What the ECU answers to the query command; must match before anything is read (protocols.md §6.4). */
	signature: string;
	endianness: Endianness;
	pages: ConstantPage[];
	commands: CommandTemplates;
	comms: CommsSettings;
	outputChannels: OutputChannels;
	/** [PcVariables]; absent from definitions built by hand or by readers that do not have them. */
	pcVariables?: PcVariable[];
	/**
	 * Every preprocessor setting the definition mentions (`#set`, `#unset`, `#if`, `#elif`, [SettingGroups]
	 * options, and those the parse was given) and whether it was set at the end of the file. Expressions read a
	 * setting as 1 or 0.
	 */
	settings?: Record<string, boolean>;
	/** [TableEditor]: 3D tables, in file order. */
	tables?: TableEditor[];
	/** [CurveEditor]: 2D curves, in file order. */
	curves?: CurveEditor[];
	/** [Menu]: the menu bar(s), in file order. */
	menus?: Menu[];
	/** [UserDefined]: settings dialogs, indicator panels and help pages, in file order. */
	dialogs?: Dialog[];
	/** [SettingContextHelp]: help text by constant name. */
	help?: Record<string, string>;
	/** [VeAnalyze]: what autotune corrects, against which target and lambda channel. */
	veAnalyze?: VeAnalyze;
}
