/**
 * STmin, the separation time the receiver asks for between consecutive frames (ISO 15765-2:2016 §9.6.5.4, Table 20):
 * 0x00–0x7F = 0–127 ms, 0xF1–0xF9 = 100–900 µs. Reserved values must be read as 0x7F, the longest valid time.
 */
export const ST_MIN_RESERVED_US = 127_000;

/** Microseconds to wait between consecutive frames for an STmin byte; reserved bytes give 127 ms (§9.6.5.4). */
export function decodeStMin(byte: number): number {
	if (byte >= 0x00 && byte <= 0x7f) return byte * 1000;
	if (byte >= 0xf1 && byte <= 0xf9) return (byte - 0xf0) * 100;
	return ST_MIN_RESERVED_US;
}

/**
 * The STmin byte for a separation time, rounded up to the next encodable value so the sender never goes faster
 * than asked. Throws a RangeError outside 0–127 ms.
 */
export function encodeStMin(us: number): number {
	if (!Number.isFinite(us) || us < 0 || us > ST_MIN_RESERVED_US) {
		throw new RangeError(`STmin ${us} µs is outside 0–127000 µs`);
	}
	if (us === 0) return 0;
	if (us <= 900) return 0xf0 + Math.ceil(us / 100);
	return Math.ceil(us / 1000);
}
