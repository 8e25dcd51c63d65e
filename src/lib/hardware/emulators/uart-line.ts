/**
 * What a UART link does to bytes when the two ends disagree on the rate. Serial emulators (ELM327, Speeduino) use it
 * so a host that opens the port at the wrong baud sees what it would see on real hardware: garbage, not silence.
 */

/** UARTs tolerate a few per cent of rate mismatch; beyond that every byte is a framing error. */
export function sameBaudRate(a: number, b: number): boolean {
	return Math.abs(a - b) / b <= 0.03;
}

/**
 * Bytes as a receiver clocking at the wrong rate samples them: deterministic nonsense with the top bit set, so it
 * never parses as ASCII or a valid frame. Writes into `into` (which may be `bytes` itself) and returns it.
 */
export function garbleBytes(bytes: Uint8Array, into = new Uint8Array(bytes.length)): Uint8Array {
	for (let i = 0; i < bytes.length; i++) into[i] = 0x80 | (bytes[i] ^ 0x55);
	return into;
}
