/** Hex notation for frame vectors in specs: `hex('10 14 49 02')`. */
export function hex(text: string): Uint8Array {
	const bytes = text.trim().split(/\s+/).filter(Boolean);
	return Uint8Array.from(bytes.map((b) => Number.parseInt(b, 16)));
}

export function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** The VIN reply of Wikipedia's "OBD-II PIDs" CAN example: service 09 PID 02, VIN 1D4GP00R55B123456. */
export const VIN_RESPONSE = {
	payload: hex('49 02 01 31 44 34 47 50 30 30 52 35 35 42 31 32 33 34 35 36'),
	frames: ['10 14 49 02 01 31 44 34', '21 47 50 30 30 52 35 35', '22 42 31 32 33 34 35 36'],
	flowControl: '30 00 00 CC CC CC CC CC'
} as const;
