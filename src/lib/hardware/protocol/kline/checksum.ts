/**
 * The K-line checksum: the 8-bit sum of every byte before it (ISO 14230-2 §4.4 "CS", ISO 9141-2 §6.3 for the
 * OBD message). `end` stops the sum early so a frame's own checksum can be excluded without copying.
 */
export function kLineChecksum(bytes: Uint8Array, end = bytes.length): number {
	let sum = 0;
	for (let i = 0; i < end; i++) sum += bytes[i];
	return sum & 0xff;
}
