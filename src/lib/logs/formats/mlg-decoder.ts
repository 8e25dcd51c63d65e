import {
	MLG_BLOCK_HEADER_BYTES,
	MLG_LAYOUT,
	MLG_MARKER_BLOCK_BYTES,
	MLG_STRING_BYTES,
	MlgBlockType,
	MlgFormatError,
	type MlgHeader,
	type MlgVersion
} from './mlg-format';
import {
	MLG_PREAMBLE_BYTES,
	decodeMlgHeader,
	readMlgDataBegin,
	readMlgVersion
} from './mlg-header';

/** Where a block sits: its index among all blocks (from 0) and its first byte in the file. */
export interface MlgBlockPosition {
	index: number;
	offset: number;
	/** The writer's rolling counter (u8). */
	counter: number;
	/** Raw u16 timestamp in 10 µs ticks; it wraps every 655.36 ms. */
	timestamp: number;
}

export interface MlgDecoderHandlers {
	header(header: MlgHeader): void;
	/**
	 * One data record. `raw` holds the raw value of every field in descriptor order; the decoder reuses the array
	 * for the next record, so copy what you keep.
	 */
	data(raw: Float64Array, at: MlgBlockPosition): void;
	marker(message: string, at: MlgBlockPosition): void;
}

export interface MlgDecoderOptions extends MlgDecoderHandlers {
	/**
	 * On damage, stop and remember the error (see {@link MlgDecoder.error}) instead of throwing, so everything
	 * handed to the handlers before the damage stands. @default false
	 */
	keepPartial?: boolean;
}

const utf8 = new TextDecoder('utf-8');

/** Read-plan codes; one per field in record order. */
const enum Kind {
	U8,
	S8,
	U16,
	S16,
	U32,
	S32,
	S64,
	F32
}

const KIND_OF_TYPE: Record<number, Kind> = {
	0: Kind.U8,
	1: Kind.S8,
	2: Kind.U16,
	3: Kind.S16,
	4: Kind.U32,
	5: Kind.S32,
	6: Kind.S64,
	7: Kind.F32,
	10: Kind.U8,
	11: Kind.U16,
	12: Kind.U32
};

/**
 * Streaming MLG decoder: push chunks of any size (a `File.stream()` reader, a socket) and it calls the handlers
 * for the header and then each block, holding back at most one block's bytes between chunks; a file of any size
 * is never held whole. Every data block's checksum byte is checked (the "CRC" is the byte sum of the record's
 * values, rusefi binary_mlg_logging.cpp writeSdBlock).
 *
 * Damage (wrong magic, unknown version or block type, bad checksum, a truncated header or block) throws
 * {@link MlgFormatError} naming the byte offset and block index, or with `keepPartial` stops the decoder and
 * leaves the error in {@link error}.
 */
export class MlgDecoder {
	/** The error that stopped a `keepPartial` decoder. */
	error: MlgFormatError | null = null;
	private readonly handlers: MlgDecoderHandlers;
	private readonly keepPartial: boolean;
	private headerBuf = new Uint8Array(256);
	private headerLength = 0;
	private headerNeed = MLG_PREAMBLE_BYTES;
	private version: MlgVersion | null = null;
	private header: MlgHeader | null = null;
	private kinds = new Uint8Array(0);
	private raw = new Float64Array(0);
	private dataBlockBytes = 0;
	private carry = new Uint8Array(0);
	private carryLength = 0;
	/** File offset of the next unconsumed byte. */
	private consumed = 0;
	private blocks = 0;
	private ended = false;

	constructor(options: MlgDecoderOptions) {
		for (const name of ['header', 'data', 'marker'] as const) {
			if (typeof options[name] !== 'function')
				throw new TypeError(`MlgDecoder needs a ${name}() handler`);
		}
		this.handlers = { header: options.header, data: options.data, marker: options.marker };
		this.keepPartial = options.keepPartial ?? false;
	}

	/** Blocks decoded so far (data and marker). */
	get blockCount(): number {
		return this.blocks;
	}

	/** Bytes taken in so far, including any held back for an incomplete block. */
	get bytesRead(): number {
		return this.header ? this.consumed + this.carryLength : this.headerLength;
	}

	push(chunk: Uint8Array): void {
		if (this.ended) throw new Error('MlgDecoder.push() after end()');
		if (this.error) return;
		try {
			this.consume(chunk);
		} catch (e) {
			this.fail(e);
		}
	}

	/** Call after the last chunk: a header or block cut short is damage. */
	end(): void {
		if (this.ended) return;
		this.ended = true;
		if (this.error) return;
		try {
			if (!this.header) {
				throw new MlgFormatError(
					'truncated',
					this.headerLength === 0
						? 'empty file'
						: `file ends inside the header (${this.headerLength} of ${this.headerNeed} bytes)`,
					{ offset: this.headerLength, record: null }
				);
			}
			if (this.carryLength > 0) {
				const need = this.blockBytes(this.carry[0]);
				throw new MlgFormatError(
					'truncated',
					`file ends inside a block (${this.carryLength} of ${need} bytes)`,
					{ offset: this.consumed, record: this.blocks }
				);
			}
		} catch (e) {
			this.fail(e);
		}
	}

	private fail(e: unknown): void {
		if (this.keepPartial && e instanceof MlgFormatError) this.error = e;
		else throw e;
	}

	private consume(chunk: Uint8Array): void {
		let pos = 0;
		if (!this.header) {
			pos = this.fillHeader(chunk);
			if (!this.header) return;
		}
		if (this.carryLength > 0) {
			const need = this.blockBytes(this.carry[0]) - this.carryLength;
			const take = Math.min(need, chunk.length - pos);
			this.carry.set(chunk.subarray(pos, pos + take), this.carryLength);
			this.carryLength += take;
			pos += take;
			if (take < need) return;
			this.decodeBlock(this.carry, new DataView(this.carry.buffer), 0);
			this.consumed += this.carryLength;
			this.carryLength = 0;
		}
		const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const end = chunk.length;
		while (pos < end) {
			const size = this.blockBytes(chunk[pos]);
			if (pos + size > end) {
				this.carry.set(chunk.subarray(pos), 0);
				this.carryLength = end - pos;
				return;
			}
			this.decodeBlock(chunk, view, pos);
			this.consumed += size;
			pos += size;
		}
	}

	/** Buffers header bytes; returns how many of `chunk` it used. */
	private fillHeader(chunk: Uint8Array): number {
		let pos = 0;
		while (!this.header && pos < chunk.length) {
			const take = Math.min(this.headerNeed - this.headerLength, chunk.length - pos);
			this.appendHeader(chunk.subarray(pos, pos + take));
			pos += take;
			if (this.headerLength < this.headerNeed) break;
			this.advanceHeader();
		}
		return pos;
	}

	private appendHeader(bytes: Uint8Array): void {
		if (this.headerLength + bytes.length > this.headerBuf.length) {
			const grown = new Uint8Array(Math.max(this.headerNeed, this.headerBuf.length * 2));
			grown.set(this.headerBuf.subarray(0, this.headerLength));
			this.headerBuf = grown;
		}
		this.headerBuf.set(bytes, this.headerLength);
		this.headerLength += bytes.length;
	}

	/** Called whenever `headerNeed` bytes are in: learns the next target or decodes the header. */
	private advanceHeader(): void {
		const bytes = this.headerBuf.subarray(0, this.headerLength);
		if (this.version === null) {
			this.version = readMlgVersion(bytes);
			this.headerNeed = MLG_LAYOUT[this.version].headerBytes;
			return;
		}
		if (this.headerNeed === MLG_LAYOUT[this.version].headerBytes) {
			const dataBegin = readMlgDataBegin(bytes, this.version);
			if (dataBegin > this.headerNeed) {
				this.headerNeed = dataBegin;
				return;
			}
		}
		const header = decodeMlgHeader(bytes);
		this.kinds = Uint8Array.from(header.fields, (f) => KIND_OF_TYPE[f.type]);
		this.raw = new Float64Array(header.fields.length);
		this.dataBlockBytes = MLG_BLOCK_HEADER_BYTES + header.recordLength + 1;
		this.carry = new Uint8Array(Math.max(this.dataBlockBytes, MLG_MARKER_BLOCK_BYTES));
		this.consumed = header.dataBeginIndex;
		this.header = header;
		this.headerBuf = new Uint8Array(0);
		this.handlers.header(header);
	}

	/** Size of a block from its type byte. `consumed` is always the file offset of the block being sized. */
	private blockBytes(type: number): number {
		if (type === MlgBlockType.data) return this.dataBlockBytes;
		if (type === MlgBlockType.marker) return MLG_MARKER_BLOCK_BYTES;
		throw new MlgFormatError('block-type', `unknown block type ${type}`, {
			offset: this.consumed,
			record: this.blocks
		});
	}

	private decodeBlock(bytes: Uint8Array, view: DataView, at: number): void {
		const position: MlgBlockPosition = {
			index: this.blocks,
			offset: this.consumed,
			counter: bytes[at + 1],
			timestamp: view.getUint16(at + 2)
		};
		if (bytes[at] === MlgBlockType.marker) {
			const start = at + MLG_BLOCK_HEADER_BYTES;
			let end = start;
			while (end < start + MLG_STRING_BYTES.marker && bytes[end] !== 0) end++;
			this.blocks++;
			this.handlers.marker(utf8.decode(bytes.subarray(start, end)).trim(), position);
			return;
		}
		const start = at + MLG_BLOCK_HEADER_BYTES;
		const stop = start + this.dataBlockBytes - MLG_BLOCK_HEADER_BYTES - 1;
		let sum = 0;
		for (let i = start; i < stop; i++) sum += bytes[i];
		if ((sum & 0xff) !== bytes[stop])
			throw new MlgFormatError(
				'crc',
				`data block checksum is 0x${hex(bytes[stop])} but its values sum to 0x${hex(sum & 0xff)}`,
				{ offset: this.consumed, record: this.blocks }
			);
		const { kinds, raw } = this;
		let p = start;
		for (let i = 0; i < kinds.length; i++) {
			switch (kinds[i]) {
				case Kind.U8:
					raw[i] = bytes[p];
					p += 1;
					break;
				case Kind.S8:
					raw[i] = view.getInt8(p);
					p += 1;
					break;
				case Kind.U16:
					raw[i] = view.getUint16(p);
					p += 2;
					break;
				case Kind.S16:
					raw[i] = view.getInt16(p);
					p += 2;
					break;
				case Kind.U32:
					raw[i] = view.getUint32(p);
					p += 4;
					break;
				case Kind.S32:
					raw[i] = view.getInt32(p);
					p += 4;
					break;
				case Kind.S64:
					// Beyond ±2^53 the nearest double; no logged channel needs more.
					raw[i] = Number(view.getBigInt64(p));
					p += 8;
					break;
				default:
					raw[i] = view.getFloat32(p);
					p += 4;
			}
		}
		this.blocks++;
		this.handlers.data(raw, position);
	}
}

function hex(byte: number): string {
	return byte.toString(16).padStart(2, '0');
}
