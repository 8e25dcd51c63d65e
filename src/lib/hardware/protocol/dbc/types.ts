/**
 * The parsed form of a DBC file (Vector CANdb++ text format), kept close to the text so tools can show it.
 * Decoding goes through `compileDbc`, which turns this into flat lookup tables.
 */

export type DbcByteOrder = 'little_endian' | 'big_endian';

/** `SIG_VALTYPE_` 1 and 2 reinterpret the raw bits as IEEE 754 binary32 / binary64. */
export type DbcValueType = 'integer' | 'float32' | 'float64';

export type DbcAttributeValue = number | string;

export type DbcAttributeObjectType = 'network' | 'node' | 'message' | 'signal' | 'envVar';

export type DbcAttributeType =
	| { kind: 'int' | 'hex' | 'float'; min: number; max: number }
	| { kind: 'string' }
	| { kind: 'enum'; labels: string[] };

export interface DbcAttributeDefinition {
	name: string;
	objectType: DbcAttributeObjectType;
	type: DbcAttributeType;
	default?: DbcAttributeValue;
}

/** `SG_MUL_VAL_` range: the signal is present when the switch's raw value lies in [lo, hi]. */
export interface DbcMuxRange {
	lo: number;
	hi: number;
}

export interface DbcSignal {
	name: string;
	/** As written in the file: the LSB's sawtooth index for Intel, the MSB's for Motorola (protocols.md §8.2). */
	startBit: number;
	length: number;
	byteOrder: DbcByteOrder;
	signed: boolean;
	valueType: DbcValueType;
	factor: number;
	offset: number;
	/** `undefined` when the file says `[0|0]`, which means "not specified". */
	min?: number;
	max?: number;
	unit: string;
	receivers: string[];
	/** `M` or `mNM`: this signal selects which multiplexed signals are present. */
	isMultiplexer: boolean;
	/** `mN`: the switch value this signal is present for; refined by `multiplexerRanges`. */
	multiplexerValue?: number;
	/** The switch this signal depends on: the message's `M` signal, or the one named in `SG_MUL_VAL_`. */
	multiplexerSignal?: string;
	/** From `SG_MUL_VAL_` (extended multiplexing); when set it replaces `multiplexerValue`. */
	multiplexerRanges?: DbcMuxRange[];
	comment?: string;
	/** `VAL_` labels keyed by raw value (protocols.md §8.2 pitfall 7). */
	choices?: Map<number, string>;
	attributes: Record<string, DbcAttributeValue>;
	/** 1-based line of the `SG_` in the source text. */
	line: number;
}

export interface DbcMessage {
	/** 11- or 29-bit CAN identifier without the bit-31 extended flag. */
	id: number;
	extended: boolean;
	name: string;
	/** Payload length in bytes (the BO_ "DLC" field is a byte count, up to 64 for CAN FD). */
	length: number;
	/** First is the BO_ transmitter; `BO_TX_BU_` adds more. `Vector__XXX` is left out. */
	senders: string[];
	signals: DbcSignal[];
	/** True when `VFrameFormat` names an FD format (StandardCAN_FD / ExtendedCAN_FD). */
	fd: boolean;
	comment?: string;
	attributes: Record<string, DbcAttributeValue>;
	line: number;
}

export interface DbcNode {
	name: string;
	comment?: string;
	attributes: Record<string, DbcAttributeValue>;
}

/** Something the parser tolerated, such as a `VAL_` naming a signal that does not exist. */
export interface DbcWarning {
	line: number;
	message: string;
}

export interface DbcDatabase {
	version: string;
	nodes: DbcNode[];
	messages: DbcMessage[];
	valueTables: Map<string, Map<number, string>>;
	attributeDefinitions: DbcAttributeDefinition[];
	/** Network-level `BA_` values. */
	attributes: Record<string, DbcAttributeValue>;
	comment?: string;
	warnings: DbcWarning[];
}
