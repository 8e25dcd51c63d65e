import type { ChunkChannel } from '../../logs/chunk-format';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One `log_series` row's payload, packed as the schema documents (LE uint32 offsets, LE float32 values). */
export interface PackedSeries {
	t0Us: number;
	t1Us: number;
	n: number;
	times: Uint8Array;
	values: Uint8Array;
	vMin: number | null;
	vMax: number | null;
	vSum: number;
	vCount: number;
}

export function packChannel(c: ChunkChannel): PackedSeries {
	const n = c.offsets.length;
	let vMin = Infinity;
	let vMax = -Infinity;
	let vSum = 0;
	let vCount = 0;
	for (let i = 0; i < n; i++) {
		const x = c.values[i];
		if (!Number.isFinite(x)) continue;
		if (x < vMin) vMin = x;
		if (x > vMax) vMax = x;
		vSum += x;
		vCount++;
	}
	return {
		t0Us: c.t0Us,
		t1Us: c.t0Us + c.offsets[n - 1],
		n,
		times: leBytes(c.offsets),
		values: leBytes(c.values),
		vMin: vCount ? vMin : null,
		vMax: vCount ? vMax : null,
		vSum,
		vCount
	};
}

function leBytes(a: Uint32Array | Float32Array): Uint8Array {
	if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
	const out = new Uint8Array(a.byteLength);
	const view = new DataView(out.buffer);
	const float = a instanceof Float32Array;
	for (let i = 0; i < a.length; i++) {
		if (float) view.setFloat32(i * 4, a[i], true);
		else view.setUint32(i * 4, a[i], true);
	}
	return out;
}

/**
 * Views a stored `times` column. postgres.js hands back Buffers cut from a shared pool at any byte offset,
 * so unaligned input is copied first.
 */
export function unpackTimes(bytes: Uint8Array, n: number): Uint32Array {
	if (bytes.length !== n * 4)
		throw new Error(`log_series times hold ${bytes.length} bytes for n=${n}`);
	if (!LITTLE_ENDIAN) {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		return Uint32Array.from({ length: n }, (_, i) => view.getUint32(i * 4, true));
	}
	const a = aligned(bytes);
	return new Uint32Array(a.buffer, a.byteOffset, n);
}

export function unpackValues(bytes: Uint8Array, n: number): Float32Array {
	if (bytes.length !== n * 4)
		throw new Error(`log_series values hold ${bytes.length} bytes for n=${n}`);
	if (!LITTLE_ENDIAN) {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		return Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true));
	}
	const a = aligned(bytes);
	return new Float32Array(a.buffer, a.byteOffset, n);
}

function aligned(bytes: Uint8Array): Uint8Array {
	return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}
