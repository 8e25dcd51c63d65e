import { MalformedTransferError } from '../../errors';

/** The adapter kind the TunerStudio driver and its errors report. */
export const TS_ADAPTER = 'tunerstudio';

/** A msEnvelope_1.0 frame whose CRC32 does not match its payload (protocols.md §6.1). */
export class EnvelopeCrcError extends MalformedTransferError {
	override name = 'EnvelopeCrcError';
	readonly expected: number;
	readonly received: number;
	readonly payload: Uint8Array;

	constructor(expected: number, received: number, payload: Uint8Array) {
		super(
			`envelope CRC32 ${hex32(received)} does not match the ${payload.length}-byte payload's ${hex32(expected)}`,
			TS_ADAPTER
		);
		this.expected = expected;
		this.received = received;
		this.payload = payload;
	}
}

/**
 * A length prefix outside what this exchange allows. Nothing delimits frames but the length, so the bytes after it
 * cannot be trusted: the decoder drops everything it holds.
 */
export class EnvelopeLengthError extends MalformedTransferError {
	override name = 'EnvelopeLengthError';
	readonly length: number;
	readonly min: number;
	readonly max: number;

	constructor(length: number, min: number, max: number) {
		super(`envelope length ${length} is outside ${min}…${max}`, TS_ADAPTER);
		this.length = length;
		this.min = min;
		this.max = max;
	}
}

function hex32(n: number): string {
	return '0x' + n.toString(16).padStart(8, '0');
}
