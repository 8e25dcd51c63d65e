import { ObdFormatError, ObdShortPayloadError, hex } from './errors';

/** Supported-PID bitmap PIDs: 0x00, 0x20, …, 0xE0 (SAE J1979 service 01 PID 00). */
export const BITMAP_PIDS = [0x00, 0x20, 0x40, 0x60, 0x80, 0xa0, 0xc0, 0xe0] as const;

export function isBitmapPid(pid: number): boolean {
	return pid >= 0 && pid <= 0xe0 && pid % 0x20 === 0;
}

/** The PIDs a 4-byte bitmap from PID `base` marks supported: bit 7 of A is base+1, bit 0 of D is base+0x20. */
export function decodeBitmap(base: number, data: Uint8Array): number[] {
	if (!isBitmapPid(base))
		throw new ObdFormatError(`PID ${hex(base)} is not a supported-PID bitmap`);
	if (data.length < 4) throw new ObdShortPayloadError(4, data.length, `PID ${hex(base)} bitmap`);
	const pids: number[] = [];
	for (let i = 0; i < 32; i++) {
		if (data[i >> 3] & (0x80 >> (i & 7))) pids.push(base + i + 1);
	}
	return pids;
}

export function encodeBitmap(base: number, supported: Iterable<number>): Uint8Array {
	if (!isBitmapPid(base))
		throw new ObdFormatError(`PID ${hex(base)} is not a supported-PID bitmap`);
	const out = new Uint8Array(4);
	for (const pid of supported) {
		const i = pid - base - 1;
		if (i >= 0 && i < 32) out[i >> 3] |= 0x80 >> (i & 7);
	}
	return out;
}

/**
 * Merges bitmap answers (base PID → 4 data bytes, from one ECU or several) into the set of supported PIDs.
 * Bitmap PIDs found in the answers are part of the set, so `supported.has(0x20)` says "ask 0x20 next".
 */
export function supportedPids(
	responses: Iterable<readonly [number, Uint8Array]> | ReadonlyMap<number, Uint8Array>
): Set<number> {
	const set = new Set<number>();
	for (const [base, data] of responses) for (const pid of decodeBitmap(base, data)) set.add(pid);
	return set;
}

/**
 * The next bitmap PID to request, given the answers so far: 0x00 first, then each base the previous bitmap
 * flags (its last bit), stopping when a bitmap does not flag the next one. Undefined when discovery is done.
 */
export function nextDiscoveryPid(responses: ReadonlyMap<number, Uint8Array>): number | undefined {
	let base = 0x00;
	for (;;) {
		const data = responses.get(base);
		if (!data) return base;
		const next = base + 0x20;
		if (next > 0xe0 || !decodeBitmap(base, data).includes(next)) return undefined;
		base = next;
	}
}

/**
 * Bitmap PIDs that can go in one request up front: ECUs answer only the bitmaps they support, so asking
 * 00/20/40/60/80/A0 at once (ISO 15765-4 allows six PIDs per request) usually finishes discovery in one round
 * trip; call nextDiscoveryPid afterwards for anything the answers flag beyond.
 */
export function planDiscoveryRequests(maxPerRequest = 6): number[][] {
	const plan: number[][] = [];
	for (let i = 0; i < BITMAP_PIDS.length; i += maxPerRequest) {
		plan.push(BITMAP_PIDS.slice(i, i + maxPerRequest));
	}
	return plan;
}
