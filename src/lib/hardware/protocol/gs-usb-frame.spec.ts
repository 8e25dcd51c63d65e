import { describe, expect, it } from 'vitest';
import {
	GS_HOST_FRAME_ECHO_ID_RX,
	GsFrameFlag,
	canFrameToHostFrame,
	decodeHostFrame,
	encodeHostFrame,
	hostFrameSize,
	hostFrameToCanFrame
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
});
