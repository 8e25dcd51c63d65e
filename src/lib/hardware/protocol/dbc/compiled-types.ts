import type { DbcMessage, DbcSignal, DbcValueType } from './types';

/** What a consumer needs to label, scale-check and look up one decoded value. */
export interface SignalInfo {
	/** Position in `CompiledDbc.signals` and in every `out` array. */
	readonly index: number;
	readonly name: string;
	readonly messageName: string;
	readonly messageId: number;
	readonly extended: boolean;
	readonly unit: string;
	readonly min?: number;
	readonly max?: number;
	readonly factor: number;
	readonly offset: number;
	readonly length: number;
	readonly signed: boolean;
	readonly valueType: DbcValueType;
	/** `VAL_` labels keyed by raw value. */
	readonly choices?: ReadonlyMap<number, string>;
	/** False when the signal reaches past the message's declared length; it then always decodes to NaN. */
	readonly fits: boolean;
	readonly signal: DbcSignal;
}

export interface CompiledMessage {
	readonly name: string;
	readonly id: number;
	readonly extended: boolean;
	/** Declared payload length in bytes. */
	readonly length: number;
	/** Fewest payload bytes that carry every fitting signal. */
	readonly requiredLength: number;
	readonly message: DbcMessage;
	/** Global indexes of this message's signals, in declaration order. */
	readonly signalIndexes: Int32Array;
	/**
	 * Writes physical values into `out[signalIndex]` for this message's signals without allocating.
	 * Multiplexed signals whose switch does not select them, and signals the payload is too short for (or that do
	 * not fit the declared length), get NaN. Bytes past the signals are ignored.
	 * @returns false if `data` is shorter than `requiredLength`.
	 */
	decodeInto(data: Uint8Array, out: Float64Array): boolean;
	/** The exact raw integer of one signal (for >53-bit fields), or undefined if absent or not in the payload. */
	rawBigInt(data: Uint8Array, signalIndex: number): bigint | undefined;
}

export interface CompiledDbc {
	/** Global index → signal description; size `out` arrays with `signals.length`. */
	readonly signals: readonly SignalInfo[];
	/** `'MSG.SIG'` for every signal and, where the name is unique in the database, `'SIG'`. */
	readonly signalIndex: ReadonlyMap<string, number>;
	readonly messages: readonly CompiledMessage[];
	/** O(1) lookup of the message a frame carries. */
	message(id: number, extended: boolean): CompiledMessage | undefined;
	messageByName(name: string): CompiledMessage | undefined;
}
