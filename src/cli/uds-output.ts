/**
 * A DID's data as a person reads it: identification DIDs (VIN, part numbers) are ASCII padded with spaces or
 * NULs, so printable data prints as trimmed text; anything else as hex bytes.
 */
export function formatDidValue(data: Uint8Array, options: { hex: boolean }): string {
	if (data.length === 0) return '(no data)';
	let end = data.length;
	while (end > 0 && (data[end - 1] === 0x00 || data[end - 1] === 0x20)) end--;
	const text = data.subarray(0, end);
	const printable = text.length > 0 && text.every((b) => b >= 0x20 && b <= 0x7e);
	if (printable && !options.hex) return String.fromCharCode(...text);
	return [...data].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
