/**
 * The format-neutral tune model. A Tune is the values a calibration holds, by constant name, plus the signature of
 * the definition it was made for; a TuneSchema says what each name is (kind, shape, units, bounds, options) and
 * which constants form tables and curves. Table editing, diffs, validation and autotune work on these two only, so
 * a RomRaider/EcuFlash XML, A2L or DBC-calibration reader plugs in by implementing TuneFormat; the TunerStudio
 * ini + msq pair (tunerstudio/) is the first implementation.
 */

/**
 * A constant's value in user units:
 * - a scalar: a number;
 * - an array: rows of columns (a table's row i is the i-th y bin; a 1-D array is N rows of 1 column, as .msq
 *   files and curve editors show it);
 * - a bits (option) field: its option label, or its index as a number when the index has no label of its own
 *   (TunerStudio writes `"63"` for an option labelled INVALID);
 * - a string: its text.
 */
export type TuneValue = number | number[][] | string;

/** Where a value lives: in the ECU's memory, or only in the tuning tool's project (TunerStudio [PcVariables]). */
export type ValueLocation = 'ecu' | 'pc';

interface SpecBase {
	name: string;
	location: ValueLocation;
}

interface Numeric {
	units: string;
	/** Lowest and highest value the definition allows, in user units. */
	min: number;
	max: number;
	/** Decimal places shown and kept. */
	digits: number;
	/** Smallest step the storage can hold (the raw scale), in user units; 0 when continuous (floats). */
	resolution: number;
}

export interface ScalarSpec extends SpecBase, Numeric {
	kind: 'scalar';
}

export interface ArraySpec extends SpecBase, Numeric {
	kind: 'array';
	rows: number;
	columns: number;
}

export interface BitsSpec extends SpecBase {
	kind: 'bits';
	/** Labels by index; `INVALID` marks indexes a UI must not offer. */
	options: readonly string[];
}

export interface TextSpec extends SpecBase {
	kind: 'string';
	/** Most characters the storage holds. */
	length: number;
}

export type ConstantSpec = ScalarSpec | ArraySpec | BitsSpec | TextSpec;

/** An axis: the constant holding its bins, and the live channel that indexes it (for the operating-point trace). */
export interface AxisSpec {
	constant: string;
	channel?: string;
	label?: string;
}

/** A 3D table: z[row][column] over x bins (columns) and y bins (rows). */
export interface TableSpec {
	name: string;
	title: string;
	x: AxisSpec;
	y: AxisSpec;
	z: string;
	/** What raising and lowering a value means, e.g. ['(RICHER)', '(LEANER)']. */
	upDownLabels?: readonly [string, string];
}

/** A 2D curve: each y constant's values over the x bins. */
export interface CurveSpec {
	name: string;
	title: string;
	x: AxisSpec;
	y: readonly AxisSpec[];
}

export interface TuneSchema {
	/** The format the schema was read from, e.g. `tunerstudio-ini`. */
	format: string;
	/** What the ECU answers to identify its firmware; a tune is for one signature. */
	signature: string;
	constants: ReadonlyMap<string, ConstantSpec>;
	tables: readonly TableSpec[];
	curves: readonly CurveSpec[];
}

export interface Tune {
	/** The signature of the definition the tune was made for (an .msq's versionInfo signature). */
	signature: string;
	/** Values by constant name. Treat as immutable: every operation returns a new Tune. */
	values: Readonly<Record<string, TuneValue>>;
}

/** What a load found besides the values. */
export interface LoadReport {
	/** Names the file holds that the definition does not know; kept in the document, not in the tune. */
	unknown: string[];
	/** Definition constants the file does not hold. */
	missing: string[];
	/** Entries that could not be read, with the reason. */
	invalid: { name: string; text: string; reason: string }[];
}

export interface LoadedTune<Document> {
	tune: Tune;
	/** The parsed file, to save back with everything the tune does not model (comments, unknown entries). */
	document: Document;
	report: LoadReport;
}

/**
 * A tune file format bound to a definition format. `Definition` is the parsed definition (an EcuDefinition for
 * TunerStudio; a RomRaider XML ROM definition, an A2L module or a DBC later); `Document` is the parsed tune file.
 */
export interface TuneFormat<Definition, Document, Source = string> {
	readonly id: string;
	/** The neutral description of `definition`; expressions in units and bounds evaluate against `tune`. */
	schema(definition: Definition, tune?: Tune): TuneSchema;
	read(source: Source, definition: Definition): LoadedTune<Document>;
	/** Saves `tune`; with `base` (the document it was loaded from), everything else in it is kept. */
	write(tune: Tune, definition: Definition, options?: { base?: Document }): Source;
}
