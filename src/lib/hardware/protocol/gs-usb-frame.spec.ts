import { describe, expect, it } from 'vitest';
import {
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	encodeHostFrame,
	encodeTxHostFrame,
	hostFrameSize,
	hostFrameToCanFrame,
	hostFrameTxSize
} from './gs-usb-frame';
import { canFrame } from './can-frame';
import { MalformedTransferError } from '../errors';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('gs_host_frame', () => {
	it('has the four wire sizes of Linux struct_size()', () => {
		expect([
			hostFrameSize({ fd: false, timestamp: false }),
			hostFrameSize({ fd: false, timestamp: true }),
			hostFrameSize({ fd: true, timestamp: false }),
			hostFrameSize({ fd: true, timestamp: true })
		]).toEqual([20, 24, 76, 80]);
	});

	it('encodes a TX frame as gs_can_start_xmit does: flags and reserved zero', () => {
		const hf = canFrameToHostFrame(
			canFrame({ id: 0x18daf110, data: Uint8Array.of(2, 0x3e, 0) }),
			4,
			0
		);
		expect(hex(encodeHostFrame(hf))).toBe(
			'04000000' + '10f1da98' + '03000000' + '023e000000000000'
		);
	});

	it('decodes a timestamped RX frame into a CanFrame', () => {
		const wire = encodeHostFrame({
			echoId: GS_HOST_FRAME_ECHO_ID_RX,
			canId: 0x40000123,
			dlc: 0,
			channel: 0,
			flags: 0,
			reserved: 0,
			data: new Uint8Array(8),
			timestampUs: 0xfffffff0
		});
		const hf = decodeHostFrame(wire, { timestamp: true });
		expect(hf.timestampUs).toBe(0xfffffff0);
		expect(hostFrameToCanFrame(hf, 7)).toMatchObject({
			id: 0x123,
			rtr: true,
			extended: false,
			timestampUs: 7
		});
	});

	it('round-trips an FD frame with BRS and a 12-byte payload (DLC 9)', () => {
		const frame = canFrame({ id: 0x100, fd: true, brs: true, data: new Uint8Array(12).fill(0xaa) });
		const wire = encodeHostFrame({ ...canFrameToHostFrame(frame, 1, 0), timestampUs: 5 });
		expect(wire.length).toBe(80);
		const back = hostFrameToCanFrame(decodeHostFrame(wire, { timestamp: true }), 5);
		expect(back).toEqual({ ...frame, timestampUs: 5 });
	});

	it('reads classic DLC 9–15 as 8 bytes (ISO 11898-1)', () => {
		const hf = decodeHostFrame(
			encodeHostFrame({
				echoId: 0,
				canId: 1,
				dlc: 15,
				channel: 0,
				flags: 0,
				reserved: 0,
				data: new Uint8Array(8)
			}),
			{ timestamp: false }
		);
		expect(hostFrameToCanFrame(hf, 0).data.length).toBe(8);
	});

	it('throws MalformedTransferError for a short transfer or a DLC above 15', () => {
		expect(() => decodeHostFrame(new Uint8Array(10), { timestamp: false })).toThrow(
			MalformedTransferError
		);
		expect(() => decodeHostFrame(new Uint8Array(20), { timestamp: true })).toThrow(/need 24/);
		const fdShort = new Uint8Array(24);
		fdShort[10] = GsFrameFlag.FD;
		expect(() => decodeHostFrame(fdShort, { timestamp: true })).toThrow(/need 80/);
		const badDlc = new Uint8Array(20);
		badDlc[8] = 16;
		expect(() => decodeHostFrame(badDlc, { timestamp: false })).toThrow(/DLC 16/);
	});

	it('accepts a transfer padded to the packet size', () => {
		expect(decodeHostFrame(new Uint8Array(32), { timestamp: true }).timestampUs).toBe(0);
	});

	it('refuses frames their type cannot carry', () => {
		expect(() =>
			canFrameToHostFrame(canFrame({ id: 0x800, extended: false, data: new Uint8Array(0) }), 0, 0)
		).toThrow(RangeError);
		expect(() => canFrameToHostFrame(canFrame({ id: 1, data: new Uint8Array(9) }), 0, 0)).toThrow(
			/classic/
		);
		expect(() =>
			canFrameToHostFrame(canFrame({ id: 1, fd: true, rtr: true, data: new Uint8Array(0) }), 0, 0)
		).toThrow(/remote/);
	});

	describe('CAN FD', () => {
		const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'));
		const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

		it('encodes a 64-byte BRS frame as 76 bytes: DLC 15, flags FD|BRS', () => {
			const hf = canFrameToHostFrame(
				canFrame({ id: 0x123, fd: true, brs: true, data: counting(64) }),
				2,
				0
			);
			expect(hex(encodeHostFrame(hf))).toBe(
				'02000000' + '23010000' + '0f000600' + hex(counting(64))
			);
		});

		it('maps every FD payload length to its DLC code, 12…64 → 9…15', () => {
			const dlcs = [0, 8, 12, 16, 20, 24, 32, 48, 64].map(
				(n) => canFrameToHostFrame(canFrame({ id: 1, fd: true, data: new Uint8Array(n) }), 0, 0).dlc
			);
			expect(dlcs).toEqual([0, 8, 9, 10, 11, 12, 13, 14, 15]);
		});

		it('pads a payload between DLC lengths up to the next one, as can_fd_len2dlc rounds', () => {
			const hf = canFrameToHostFrame(
				canFrame({ id: 1, fd: true, data: new Uint8Array(10).fill(0xee) }),
				0,
				0
			);
			expect(hf.dlc).toBe(9);
			const back = hostFrameToCanFrame(hf, 0).data;
			expect(hex(back)).toBe('eeeeeeeeeeeeeeeeeeee0000');
		});

		it('sets ESI only on FD frames that carry it, and reads it back', () => {
			const esi = { ...canFrame({ id: 1, fd: true, data: new Uint8Array(1) }), esi: true };
			expect(canFrameToHostFrame(esi, 0, 0).flags).toBe(GsFrameFlag.FD | GsFrameFlag.ESI);
			const classic = { ...canFrame({ id: 1, data: new Uint8Array(1) }), esi: true };
			expect(canFrameToHostFrame(classic, 0, 0).flags).toBe(0);
		});

		it('decodes a hand-written 80-byte FD + timestamp transfer (DLC 13, BRS, ESI)', () => {
			const wire = bytes(
				'ffffffff 10f1da98 0d000e00' + hex(counting(32)) + '00'.repeat(32) + '78563412'
			);
			expect(wire.length).toBe(80);
			const hf = decodeHostFrame(wire, { timestamp: true });
			expect(hf.timestampUs).toBe(0x12345678);
			expect(hostFrameToCanFrame(hf, 0x12345678)).toEqual({
				id: 0x18daf110,
				extended: true,
				rtr: false,
				fd: true,
				brs: true,
				esi: true,
				data: counting(32),
				timestampUs: 0x12345678,
				channel: 0
			});
		});

		it('sizes OUT transfers per session as gs_can_open does (FD mode sends classic frames at 76 B)', () => {
			expect([
				hostFrameTxSize({ fd: false }),
				hostFrameTxSize({ fd: true }),
				hostFrameTxSize({ fd: false, quirkLpc546xx: true }),
				hostFrameTxSize({ fd: true, quirkLpc546xx: true })
			]).toEqual([20, 76, 21, 77]);
			const classic = canFrameToHostFrame(
				canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0) }),
				3,
				0
			);
			expect(hex(encodeTxHostFrame(classic, 76))).toBe(
				'03000000' + 'df070000' + '03000000' + '0201000000000000' + '00'.repeat(56)
			);
			expect(() =>
				encodeTxHostFrame(
					canFrameToHostFrame(canFrame({ id: 1, fd: true, data: new Uint8Array(64) }), 0, 0),
					20
				)
			).toThrow(RangeError);
		});
	});
});
