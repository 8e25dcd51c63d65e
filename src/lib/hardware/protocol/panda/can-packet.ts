import { FD_DLC_LENGTHS, lengthToDlc } from '../can-frame';
import { PandaChecksumError } from './errors';
import { PANDA_TX_CHUNK_SIZE } from './requests';

/**
 * CANPacket_t on the wire (opendbc/safety/can.h, CAN_PACKET_VERSION 4; protocols.md §5):
 *   byte 0      DLC[7:4] | bus[3:1] | fd[0]
 *   bytes 1–4   LE u32: addr << 3 | extended << 2 | returned << 1 | rejected
 *   byte 5      checksum: XOR of bytes 0–4 and the payload, so the whole packet XORs to 0
 *   bytes 6…    payload, DLC_TO_LEN[DLC] bytes
 * Packets are concatenated with no framing and may straddle USB transfers in both directions.
 */
export const CANPACKET_HEAD_SIZE = 6;
/** Longest packet: head + 64-byte FD payload. */
export const CANPACKET_MAX_SIZE = CANPACKET_HEAD_SIZE + 64;

export interface PandaCanPacket {
	/** Panda bus 0–7 (0–2 exist). */
	bus: number;
	/** 11- or 29-bit identifier. */
	id: number;
	extended: boolean;
	fd: boolean;
	/** The firmware's echo of a frame the host sent (python adds 128 to the bus). */
	returned: boolean;
	/** A host frame the safety mode refused to send (python adds 192 to the bus). */
	rejected: boolean;
	data: Uint8Array;
}

export type PandaCanPacketInit = Pick<PandaCanPacket, 'bus' | 'id' | 'data'> &
	Partial<Pick<PandaCanPacket, 'extended' | 'fd' | 'returned' | 'rejected'>>;

/** Bytes the packet starting with `byte0` occupies on the wire. */
export function packetSize(byte0: number): number {
	return CANPACKET_HEAD_SIZE + FD_DLC_LENGTHS[byte0 >> 4];
}

/** XOR of bytes[start, end). */
export function xorBytes(bytes: Uint8Array, start = 0, end = bytes.length): number {
	let x = 0;
	for (let i = start; i < end; i++) x ^= bytes[i];
	return x;
}

/**
 * Writes one packet at `offset` (default: a new array) with its checksum. `extended` defaults to id > 0x7FF,
 * as python pack_can_buffer sets it for addresses ≥ 0x800.
 */
export function encodeCanPacket(
	packet: PandaCanPacketInit,
	out?: Uint8Array,
	offset = 0
): Uint8Array {
	const { bus, id, data } = packet;
	const extended = packet.extended ?? id > 0x7ff;
	const fd = packet.fd ?? false;
	if (!Number.isInteger(bus) || bus < 0 || bus > 7) {
		throw new RangeError(`panda bus must be 0–7, got ${bus}`);
	}
	const maxId = extended ? 0x1fffffff : 0x7ff;
	if (!Number.isInteger(id) || id < 0 || id > maxId) {
		throw new RangeError(
			`CAN id 0x${id.toString(16)} does not fit ${extended ? 29 : 11} bits${extended ? '' : ' (set extended for 29-bit ids)'}`
		);
	}
	if (!fd && data.length > 8) {
		throw new RangeError(`a classic CAN frame carries at most 8 bytes, got ${data.length}`);
	}
	const dlc = lengthToDlc(data.length);
	if (FD_DLC_LENGTHS[dlc] !== data.length) {
		throw new RangeError(
			`${data.length} bytes is not a CAN FD payload length (${FD_DLC_LENGTHS.join(', ')})`
		);
	}
	const size = CANPACKET_HEAD_SIZE + data.length;
	const bytes = out ?? new Uint8Array(size);
	if (bytes.length - offset < size) throw new RangeError('output buffer too small');
	const word =
		((id << 3) | (extended ? 4 : 0) | (packet.returned ? 2 : 0) | (packet.rejected ? 1 : 0)) >>> 0;
	bytes[offset] = (dlc << 4) | (bus << 1) | (fd ? 1 : 0);
	bytes[offset + 1] = word & 0xff;
	bytes[offset + 2] = (word >>> 8) & 0xff;
	bytes[offset + 3] = (word >>> 16) & 0xff;
	bytes[offset + 4] = (word >>> 24) & 0xff;
	bytes.set(data, offset + CANPACKET_HEAD_SIZE);
	bytes[offset + 5] = 0;
	bytes[offset + 5] = xorBytes(bytes, offset, offset + size);
	return out ? bytes.subarray(offset, offset + size) : bytes;
}

/** Reads the packet at bytes[offset…]; the caller has checked its size and checksum. */
export function decodeCanPacket(bytes: Uint8Array, offset = 0): PandaCanPacket {
	const b0 = bytes[offset];
	const word =
		(bytes[offset + 1] |
			(bytes[offset + 2] << 8) |
			(bytes[offset + 3] << 16) |
			(bytes[offset + 4] << 24)) >>>
		0;
	const start = offset + CANPACKET_HEAD_SIZE;
	return {
		bus: (b0 >> 1) & 7,
		id: word >>> 3,
		extended: (word & 4) !== 0,
		fd: (b0 & 1) !== 0,
		returned: (word & 2) !== 0,
		rejected: (word & 1) !== 0,
		data: bytes.slice(start, start + FD_DLC_LENGTHS[b0 >> 4])
	};
}

/**
 * Splits the EP1 IN stream into packets, carrying a packet cut by the end of one transfer over to the next (python
 * can_rx_overflow_buffer). A packet that fails its checksum throws PandaChecksumError after every packet before
 * it was delivered; the unpacker then drops its leftover and the rest of that chunk, since a corrupted length
 * nibble leaves nothing after it trustworthy.
 */
export class PandaPacketUnpacker {
	readonly #tail = new Uint8Array(CANPACKET_MAX_SIZE);
	#tailLength = 0;
	/** Stream offset of the first byte of the next chunk. */
	#streamOffset = 0;

	/** Bytes of a packet waiting for the next chunk. */
	get pending(): number {
		return this.#tailLength;
	}

	/** Forgets any partial packet (after can_reset_communications, which resets the firmware side too). */
	reset(): void {
		this.#tailLength = 0;
		this.#streamOffset = 0;
	}

	push(chunk: Uint8Array, onPacket: (packet: PandaCanPacket) => void): void {
		const chunkStart = this.#streamOffset;
		this.#streamOffset += chunk.length;
		let pos = 0;
		if (this.#tailLength > 0) {
			const tail = this.#tail;
			const size = packetSize(tail[0]);
			const take = Math.min(size - this.#tailLength, chunk.length);
			tail.set(chunk.subarray(0, take), this.#tailLength);
			this.#tailLength += take;
			pos = take;
			if (this.#tailLength < size) return;
			this.#tailLength = 0;
			this.#emit(tail, 0, size, chunkStart - (size - take), onPacket);
		}
		const end = chunk.length;
		while (pos < end) {
			const size = CANPACKET_HEAD_SIZE + FD_DLC_LENGTHS[chunk[pos] >> 4];
			if (pos + size > end) {
				this.#tail.set(chunk.subarray(pos, end));
				this.#tailLength = end - pos;
				return;
			}
			this.#emit(chunk, pos, size, chunkStart + pos, onPacket);
			pos += size;
		}
	}

	#emit(
		bytes: Uint8Array,
		pos: number,
		size: number,
		streamOffset: number,
		onPacket: (packet: PandaCanPacket) => void
	): void {
		const xor = xorBytes(bytes, pos, pos + size);
		if (xor !== 0) {
			this.#tailLength = 0;
			throw new PandaChecksumError(streamOffset, bytes.slice(pos, pos + size), xor);
		}
		onPacket(decodeCanPacket(bytes, pos));
	}
}

/**
 * Groups items into runs whose sizes add up to at most `limit`, in order, never splitting one: the bulk OUT
 * writes of python pack_can_buffer ("Limit chunks to 256 bytes"), which starts a new chunk past 256 bytes; this
 * keeps every chunk within the limit instead.
 */
export function chunkBySize<T>(
	items: readonly T[],
	sizeOf: (item: T) => number,
	limit = PANDA_TX_CHUNK_SIZE
): T[][] {
	const chunks: T[][] = [];
	let current: T[] = [];
	let used = 0;
	for (const item of items) {
		const size = sizeOf(item);
		if (size > limit)
			throw new RangeError(`an item of ${size} bytes cannot fit a ${limit}-byte chunk`);
		if (used + size > limit) {
			chunks.push(current);
			current = [];
			used = 0;
		}
		current.push(item);
		used += size;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}

/** Encodes packets into bulk OUT writes of at most `chunkSize` bytes (see chunkBySize). */
export function packCanPackets(
	packets: readonly PandaCanPacketInit[],
	chunkSize = PANDA_TX_CHUNK_SIZE
): Uint8Array[] {
	return chunkBySize(packets, (p) => CANPACKET_HEAD_SIZE + p.data.length, chunkSize).map((run) => {
		const out = new Uint8Array(run.reduce((n, p) => n + CANPACKET_HEAD_SIZE + p.data.length, 0));
		let at = 0;
		for (const packet of run) at += encodeCanPacket(packet, out, at).length;
		return out;
	});
}
