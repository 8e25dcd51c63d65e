/**
 * The recorder's upload unit: every channel's samples for one slice of a log (≈1 s), as one binary body.
 * Shared by the browser (encode) and the server (decode), so it is pure: no Node built-ins, no DOM.
 *
 * Layout, all little-endian:
 * ```
 * header   magic "CTCK" (4) · version u8 = 1 · flags u8 = 0 · channel count u16 · seq u32
 * channel  name length u8 · name UTF-8 · zero padding to a multiple of 4 (counting the length byte)
 *          t0 µs u64 · n u32 · n × u32 offsets from t0 (µs, non-decreasing) · n × f32 values
 * ```
 * The padding keeps every offsets/values array 4-byte aligned, so the server can view them without copying
 * and store the exact bytes as `log_series.times` / `values`.
 */
export const CHUNK_MAGIC = 0x4b435443; // "CTCK" read as a little-endian u32
export const CHUNK_VERSION = 1;

/**
 * Caps that bound what one upload can make the server allocate or store. A 1 s chunk of 15 channels at
 * 1 kHz is ≈120 KiB, so each cap leaves ample room for real recordings while refusing abuse.
 */
export const CHUNK_LIMITS = {
	/** Whole body. */
	maxBytes: 8 * 1024 * 1024,
	maxChannels: 512,
	/** 100 s at 1 kHz, or 1 s at 100 kHz. */
	maxSamplesPerChannel: 100_000,
	/** UTF-8 bytes; fits the u8 length. */
	maxNameBytes: 64,
	/** Last offset; 10 min keeps range queries' look-back bounded (see timeseries/query.ts). */
	maxSpanUs: 600_000_000
} as const;

export interface ChunkChannel {
	name: string;
	/** First sample time, µs since the log started. */
	t0Us: number;
	/** µs after `t0Us`, non-decreasing. */
	offsets: Uint32Array;
	values: Float32Array;
}

export interface Chunk {
	/** Position in the log's upload sequence; with the log id it is the idempotency key. */
	seq: number;
	/** May be empty: a slice of the recording in which no channel produced a sample. */
	channels: ChunkChannel[];
}

export class ChunkFormatError extends Error {
	override name = 'ChunkFormatError';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
	}
}

const HEADER_BYTES = 12;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Throws {@link ChunkFormatError} unless the chunk is within {@link CHUNK_LIMITS} and well-formed. */
export function validateChunk(chunk: Chunk): void {
	const { seq, channels } = chunk;
	if (!Number.isInteger(seq) || seq < 0 || seq > 0x7fff_ffff)
		throw new ChunkFormatError(`seq ${seq} is not an integer in 0..2^31-1`);
	if (channels.length > CHUNK_LIMITS.maxChannels)
		throw new ChunkFormatError(`${channels.length} channels exceeds ${CHUNK_LIMITS.maxChannels}`);
	const seen = new Set<string>();
	for (const c of channels) {
		validateChannel(c);
		if (seen.has(c.name)) throw new ChunkFormatError(`channel "${c.name}" appears twice`);
		seen.add(c.name);
	}
}

function validateChannel(c: ChunkChannel): void {
	const nameBytes = utf8.encode(c.name).length;
	if (nameBytes === 0 || nameBytes > CHUNK_LIMITS.maxNameBytes)
		throw new ChunkFormatError(`channel name must be 1..${CHUNK_LIMITS.maxNameBytes} UTF-8 bytes`);
	if (!Number.isSafeInteger(c.t0Us) || c.t0Us < 0)
		throw new ChunkFormatError(
			`channel "${c.name}": t0 ${c.t0Us} is not a non-negative integer µs`
		);
	const n = c.offsets.length;
	if (n === 0) throw new ChunkFormatError(`channel "${c.name}" has no samples`);
	if (n > CHUNK_LIMITS.maxSamplesPerChannel)
		throw new ChunkFormatError(
			`channel "${c.name}": ${n} samples exceeds ${CHUNK_LIMITS.maxSamplesPerChannel}`
		);
	if (c.values.length !== n)
		throw new ChunkFormatError(`channel "${c.name}": ${n} offsets but ${c.values.length} values`);
	const { offsets } = c;
	for (let i = 1; i < n; i++) {
		if (offsets[i] < offsets[i - 1])
			throw new ChunkFormatError(`channel "${c.name}": offsets decrease at sample ${i}`);
	}
	if (offsets[n - 1] > CHUNK_LIMITS.maxSpanUs)
		throw new ChunkFormatError(
			`channel "${c.name}": spans ${offsets[n - 1]} µs, over ${CHUNK_LIMITS.maxSpanUs}`
		);
}

function paddedNameBytes(nameLength: number): number {
	return (4 - ((1 + nameLength) % 4)) % 4;
}

export function encodeChunk(chunk: Chunk): Uint8Array {
	validateChunk(chunk);
	const names = chunk.channels.map((c) => utf8.encode(c.name));
	let size = HEADER_BYTES;
	chunk.channels.forEach((c, i) => {
		size += 1 + names[i].length + paddedNameBytes(names[i].length) + 12 + c.offsets.length * 8;
	});
	if (size > CHUNK_LIMITS.maxBytes)
		throw new ChunkFormatError(`chunk is ${size} bytes, over ${CHUNK_LIMITS.maxBytes}`);
	const out = new Uint8Array(size);
	const view = new DataView(out.buffer);
	view.setUint32(0, CHUNK_MAGIC, true);
	out[4] = CHUNK_VERSION;
	view.setUint16(6, chunk.channels.length, true);
	view.setUint32(8, chunk.seq, true);
	let p = HEADER_BYTES;
	chunk.channels.forEach((c, i) => {
		out[p] = names[i].length;
		out.set(names[i], p + 1);
		p += 1 + names[i].length + paddedNameBytes(names[i].length);
		view.setUint32(p, c.t0Us % 2 ** 32, true);
		view.setUint32(p + 4, Math.floor(c.t0Us / 2 ** 32), true);
		const n = c.offsets.length;
		view.setUint32(p + 8, n, true);
		p += 12;
		for (let k = 0; k < n; k++) view.setUint32(p + k * 4, c.offsets[k], true);
		p += n * 4;
		for (let k = 0; k < n; k++) view.setFloat32(p + k * 4, c.values[k], true);
		p += n * 4;
	});
	return out;
}

/**
 * Parses and validates an upload body. Every length is checked against the bytes present and
 * {@link CHUNK_LIMITS} before anything is allocated, so a hostile body costs at most one pass over itself.
 * The returned arrays may be views into `bytes` (when aligned), so keep `bytes` unmodified while using them.
 */
export function decodeChunk(bytes: Uint8Array): Chunk {
	if (bytes.length > CHUNK_LIMITS.maxBytes)
		throw new ChunkFormatError(`chunk is ${bytes.length} bytes, over ${CHUNK_LIMITS.maxBytes}`);
	if (bytes.length < HEADER_BYTES) throw new ChunkFormatError('chunk shorter than its header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(0, true) !== CHUNK_MAGIC) throw new ChunkFormatError('not a CarTech chunk');
	if (bytes[4] !== CHUNK_VERSION)
		throw new ChunkFormatError(`unsupported chunk version ${bytes[4]}`);
	if (bytes[5] !== 0) throw new ChunkFormatError(`unknown chunk flags ${bytes[5]}`);
	const count = view.getUint16(6, true);
	const seq = view.getUint32(8, true);
	if (count > CHUNK_LIMITS.maxChannels)
		throw new ChunkFormatError(`${count} channels exceeds ${CHUNK_LIMITS.maxChannels}`);
	const channels: ChunkChannel[] = [];
	let p = HEADER_BYTES;
	const need = (len: number, what: string) => {
		if (p + len > bytes.length) throw new ChunkFormatError(`chunk truncated in ${what}`);
	};
	for (let i = 0; i < count; i++) {
		need(1, `channel ${i} name`);
		const nameLength = bytes[p];
		need(1 + nameLength + paddedNameBytes(nameLength) + 12, `channel ${i} header`);
		let name: string;
		try {
			name = utf8Strict.decode(bytes.subarray(p + 1, p + 1 + nameLength));
		} catch (cause) {
			throw new ChunkFormatError(`channel ${i} name is not UTF-8`, { cause });
		}
		p += 1 + nameLength + paddedNameBytes(nameLength);
		const hi = view.getUint32(p + 4, true);
		if (hi >= 2 ** 21) throw new ChunkFormatError(`channel "${name}": t0 beyond 2^53 µs`);
		const t0Us = hi * 2 ** 32 + view.getUint32(p, true);
		const n = view.getUint32(p + 8, true);
		if (n > CHUNK_LIMITS.maxSamplesPerChannel)
			throw new ChunkFormatError(
				`channel "${name}": ${n} samples exceeds ${CHUNK_LIMITS.maxSamplesPerChannel}`
			);
		p += 12;
		need(n * 8, `channel "${name}" samples`);
		channels.push({
			name,
			t0Us,
			offsets: readUint32s(bytes, p, n),
			values: readFloat32s(bytes, p + n * 4, n)
		});
		p += n * 8;
	}
	if (p !== bytes.length)
		throw new ChunkFormatError(`${bytes.length - p} bytes after the last channel`);
	const chunk = { seq, channels };
	validateChunk(chunk);
	return chunk;
}

function readUint32s(bytes: Uint8Array, at: number, n: number): Uint32Array {
	const start = bytes.byteOffset + at;
	if (LITTLE_ENDIAN && start % 4 === 0) return new Uint32Array(bytes.buffer, start, n);
	const view = new DataView(bytes.buffer, start, n * 4);
	const out = new Uint32Array(n);
	for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, true);
	return out;
}

function readFloat32s(bytes: Uint8Array, at: number, n: number): Float32Array {
	const start = bytes.byteOffset + at;
	if (LITTLE_ENDIAN && start % 4 === 0) return new Float32Array(bytes.buffer, start, n);
	const view = new DataView(bytes.buffer, start, n * 4);
	const out = new Float32Array(n);
	for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
	return out;
}
