import { UsageError } from './usage-error';

/** A CAN id as the user typed it: 3 hex digits (or a value up to 7FF) for 11-bit, 8 for 29-bit. */
export interface CanIdArgument {
	id: number;
	extended: boolean;
}

/** Parses `7E0`, `0x7E0` or `18DA10F1`; anything else is a UsageError naming `what`. */
export function parseCanId(text: string, what: string, usage: string): CanIdArgument {
	const m = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(text);
	const id = m ? parseInt(m[1], 16) : NaN;
	if (!m || id > 0x1fffffff) {
		throw new UsageError(
			`${what} must be an 11-bit (7E0) or 29-bit (18DA10F1) CAN id in hex, got "${text}"`,
			usage
		);
	}
	return { id, extended: m[1].length === 8 || id > 0x7ff };
}
