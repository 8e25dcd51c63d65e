import { describe, expect, it } from 'vitest';
import {
	PandaChecksumError,
	PandaPacketUnpacker,
	chunkBySize,
	decodeCanPacket,
	encodeCanPacket,
	packCanPackets,
	type PandaCanPacket
} from '.';
import { MalformedTransferError } from '../../errors';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Packets as python/__init__.py pack_can_buffer builds them (computed with that code, not with ours). */
const VECTORS = {
	obdReply: '80403f0000b002410c0000000000', // 0x7E8 bus 0, 8 bytes
	extended: '328488d7c662101449', // 0x18DAF110 bus 1, 3 bytes
	empty: '041809000015', // 0x123 bus 2, no data
	echo: '80fa3e00008702010ccccccccccc', // 0x7DF bus 0, returned
	rejected: '8001080000810102030405060708', // 0x100 bus 0, rejected
	fd12: '9584f7e6d5d5000102030405060708090a0b' // 0x1ABCDEF0 bus 2, FD, 12 bytes
};

function unpackAll(unpacker: PandaPacketUnpacker, ...chunks: Uint8Array[]): PandaCanPacket[] {
	const out: PandaCanPacket[] = [];
	for (const chunk of chunks) unpacker.push(chunk, (p) => out.push(p));
	return out;
}

describe('CANPacket encode', () => {
	it('matches python pack_can_buffer byte for byte', () => {
		expect(toHex(encodeCanPacket({ bus: 0, id: 0x7e8, data: hex('02410c0000000000') }))).toBe(
			VECTORS.obdReply
		);
		expect(toHex(encodeCanPacket({ bus: 1, id: 0x18daf110, data: hex('101449') }))).toBe(
			VECTORS.extended
		);
		expect(toHex(encodeCanPacket({ bus: 2, id: 0x123, data: new Uint8Array(0) }))).toBe(
			VECTORS.empty
		);
		expect(
			toHex(encodeCanPacket({ bus: 0, id: 0x7df, data: hex('02010ccccccccccc'), returned: true }))
		).toBe(VECTORS.echo);
		expect(
			toHex(encodeCanPacket({ bus: 0, id: 0x100, data: hex('0102030405060708'), rejected: true }))
		).toBe(VECTORS.rejected);
		expect(
			toHex(
				encodeCanPacket({ bus: 2, id: 0x1abcdef0, fd: true, data: hex('000102030405060708090a0b') })
			)
		).toBe(VECTORS.fd12);
	});

	it('sets extended for ids above 0x7FF unless told, and honours an explicit 29-bit small id', () => {
		expect(encodeCanPacket({ bus: 0, id: 0x800, data: new Uint8Array(0) })[1] & 4).toBe(4);
		expect(toHex(encodeCanPacket({ bus: 0, id: 0x123, extended: true, data: hex('1122') }))).toBe(
			'201c090000061122'
		);
	});

	it('refuses what a CANPacket cannot carry with a RangeError naming the problem', () => {
		expect(() => encodeCanPacket({ bus: 8, id: 1, data: new Uint8Array(0) })).toThrow(
			/bus must be 0–7/
		);
		expect(() =>
			encodeCanPacket({ bus: 0, id: 0x800, extended: false, data: new Uint8Array(0) })
		).toThrow(/does not fit 11 bits/);
		expect(() => encodeCanPacket({ bus: 0, id: 0x20000000, data: new Uint8Array(0) })).toThrow(
			/does not fit 29 bits/
		);
		expect(() => encodeCanPacket({ bus: 0, id: 1, data: new Uint8Array(9) })).toThrow(
			/at most 8 bytes/
		);
		expect(() => encodeCanPacket({ bus: 0, id: 1, fd: true, data: new Uint8Array(9) })).toThrow(
			/not a CAN FD payload length/
		);
	});
});

describe('CANPacket decode', () => {
	it('reads every header field', () => {
		expect(decodeCanPacket(hex(VECTORS.extended))).toEqual({
			bus: 1,
			id: 0x18daf110,
			extended: true,
			fd: false,
			returned: false,
			rejected: false,
			data: hex('101449')
		});
		expect(decodeCanPacket(hex(VECTORS.echo))).toMatchObject({
			id: 0x7df,
			returned: true,
			rejected: false
		});
		expect(decodeCanPacket(hex(VECTORS.rejected))).toMatchObject({
			id: 0x100,
			returned: false,
			rejected: true
		});
		expect(decodeCanPacket(hex(VECTORS.fd12))).toMatchObject({ bus: 2, fd: true, id: 0x1abcdef0 });
	});
});

describe('PandaPacketUnpacker', () => {
	const stream = hex(VECTORS.obdReply + VECTORS.extended + VECTORS.empty + VECTORS.fd12);

	it('splits concatenated packets from one transfer', () => {
		const packets = unpackAll(new PandaPacketUnpacker(), stream);
		expect(packets.map((p) => p.id)).toEqual([0x7e8, 0x18daf110, 0x123, 0x1abcdef0]);
		expect(packets[3].data).toEqual(hex('000102030405060708090a0b'));
	});

	it('gives the same packets however the stream is cut, keeping leftovers across transfers', () => {
		const whole = unpackAll(new PandaPacketUnpacker(), stream);
		for (let a = 0; a <= stream.length; a++) {
			for (let b = a; b <= stream.length; b += 3) {
				const u = new PandaPacketUnpacker();
				const got = unpackAll(u, stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b));
				expect(got).toEqual(whole);
				expect(u.pending).toBe(0);
			}
		}
	});

	it('delivers a packet straddling two transfers when its last byte arrives', () => {
		const u = new PandaPacketUnpacker();
		const packet = hex(VECTORS.obdReply);
		expect(unpackAll(u, packet.subarray(0, 3))).toEqual([]);
		expect(u.pending).toBe(3);
		expect(unpackAll(u, packet.subarray(3, 13))).toEqual([]);
		expect(u.pending).toBe(13);
		expect(unpackAll(u, packet.subarray(13))).toHaveLength(1);
		expect(u.pending).toBe(0);
	});

	it('throws PandaChecksumError naming the stream offset of the bad packet', () => {
		const bad = stream.slice();
		bad[14 + 9 + 6 + 7] ^= 0x20; // payload byte 1 of the FD packet, which starts at stream byte 29
		const u = new PandaPacketUnpacker();
		const got: number[] = [];
		let error: unknown;
		try {
			u.push(bad, (p) => got.push(p.id));
		} catch (err) {
			error = err;
		}
		expect(got).toEqual([0x7e8, 0x18daf110, 0x123]);
		expect(error).toBeInstanceOf(PandaChecksumError);
		expect(error).toBeInstanceOf(MalformedTransferError);
		expect(error).toMatchObject({ streamOffset: 29, xor: 0x20, adapter: 'panda' });
		expect((error as Error).message).toBe(
			'panda CAN packet at stream byte 29 (18 bytes, header 95 84 f7 e6 d5 d5) fails its checksum: ' +
				'its bytes XOR to 0x20, not 0'
		);
	});

	it('locates a bad packet that straddled transfers by its offset in the stream', () => {
		const first = hex(VECTORS.obdReply + VECTORS.obdReply);
		const bad = first.slice();
		bad[14 + 13] ^= 1;
		const u = new PandaPacketUnpacker();
		u.push(bad.subarray(0, 20), () => {});
		expect(() => u.push(bad.subarray(20), () => {})).toThrow(
			expect.objectContaining({ streamOffset: 14, xor: 1 })
		);
		expect(u.pending).toBe(0);
	});

	it('starts clean after reset()', () => {
		const u = new PandaPacketUnpacker();
		u.push(hex(VECTORS.obdReply).subarray(0, 5), () => {});
		u.reset();
		expect(unpackAll(u, hex(VECTORS.empty))).toMatchObject([{ id: 0x123 }]);
	});
});

describe('packCanPackets', () => {
	it('keeps every bulk write within 256 bytes and never splits a packet', () => {
		const packets = Array.from({ length: 40 }, (_, i) => ({
			bus: 0,
			id: 0x600 + i,
			data: new Uint8Array(8).fill(i)
		}));
		const chunks = packCanPackets(packets);
		expect(chunks.map((c) => c.length)).toEqual([252, 252, 56]);
		const back = unpackAll(new PandaPacketUnpacker(), ...chunks);
		expect(back.map((p) => p.id)).toEqual(packets.map((p) => p.id));
	});

	it('chunkBySize refuses an item larger than a chunk', () => {
		expect(() => chunkBySize([300], (n) => n)).toThrow(/cannot fit a 256-byte chunk/);
	});
});
