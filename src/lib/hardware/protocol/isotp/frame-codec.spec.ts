import { describe, expect, it } from 'vitest';
import { IsoTpProtocolError } from './errors';
import { decodeFrame, encodeFrame, type IsoTpPdu } from './frame-codec';
import { FlowStatus, PciType } from './pci';
import { VIN_RESPONSE, hex, toHex } from './vectors.test-helper';

describe('encodeFrame', () => {
	it('writes a single frame with its 4-bit length and 0xCC padding', () => {
		const frame = encodeFrame({ pci: PciType.SingleFrame, data: hex('09 02') });
		expect(toHex(frame)).toBe('02 09 02 CC CC CC CC CC');
	});

	it('writes the VIN first and consecutive frames byte for byte', () => {
		const p = VIN_RESPONSE.payload;
		const ff = encodeFrame({ pci: PciType.FirstFrame, length: 20, data: p.subarray(0, 6) });
		const cf1 = encodeFrame({ pci: PciType.ConsecutiveFrame, sn: 1, data: p.subarray(6, 13) });
		const cf2 = encodeFrame({ pci: PciType.ConsecutiveFrame, sn: 2, data: p.subarray(13, 20) });
		expect([toHex(ff), toHex(cf1), toHex(cf2)]).toEqual(VIN_RESPONSE.frames);
	});

	it('writes a flow control frame as 3S BS STmin', () => {
		const fc: IsoTpPdu = {
			pci: PciType.FlowControl,
			status: FlowStatus.Wait,
			blockSize: 8,
			stMin: 0xf5
		};
		expect(toHex(encodeFrame(fc, { padding: 0xaa }))).toBe('31 08 F5 AA AA AA AA AA');
	});

	it('sends the shortest frame when padding is off', () => {
		const frame = encodeFrame({ pci: PciType.SingleFrame, data: hex('3E 00') }, { padding: null });
		expect(toHex(frame)).toBe('02 3E 00');
	});

	it('prepends the address byte under extended addressing', () => {
		const frame = encodeFrame(
			{ pci: PciType.SingleFrame, data: hex('22 F1 90') },
			{ addressByte: 0xf1 }
		);
		expect(toHex(frame)).toBe('F1 03 22 F1 90 CC CC CC');
	});

	it('refuses a single frame of 7 bytes under extended addressing, which has room for 6', () => {
		const data = hex('01 02 03 04 05 06 07');
		expect(() => encodeFrame({ pci: PciType.SingleFrame, data }, { addressByte: 0x10 })).toThrow(
			RangeError
		);
	});

	it('uses the 32-bit first frame length escape above 4095 bytes', () => {
		const frame = encodeFrame({
			pci: PciType.FirstFrame,
			length: 70_000,
			data: hex('AA BB')
		});
		expect(toHex(frame)).toBe('10 00 00 01 11 70 AA BB');
	});

	it('uses the single frame length escape for CAN FD payloads over 7 bytes', () => {
		const data = Uint8Array.from({ length: 20 }, (_, i) => i);
		const frame = encodeFrame({ pci: PciType.SingleFrame, data }, { txDl: 64, padding: null });
		expect(frame.length).toBe(24);
		expect(toHex(frame.subarray(0, 4))).toBe('00 14 00 01');
		expect(frame[23]).toBe(0xcc);
	});
});

describe('decodeFrame', () => {
	it('reads the VIN first frame length and its six data bytes', () => {
		const pdu = decodeFrame(hex(VIN_RESPONSE.frames[0]));
		expect(pdu).toEqual({ pci: PciType.FirstFrame, length: 20, data: hex('49 02 01 31 44 34') });
	});

	it('reads a single frame without its padding', () => {
		expect(decodeFrame(hex('03 41 0D 32 CC CC CC CC'))).toEqual({
			pci: PciType.SingleFrame,
			data: hex('41 0D 32')
		});
	});

	it('reads a consecutive frame sequence number', () => {
		const pdu = decodeFrame(hex('2F 01 02'));
		expect(pdu).toMatchObject({ pci: PciType.ConsecutiveFrame, sn: 15 });
	});

	it('reads a flow control frame', () => {
		expect(decodeFrame(hex('30 00 00 AA AA AA AA AA'))).toEqual({
			pci: PciType.FlowControl,
			status: FlowStatus.ContinueToSend,
			blockSize: 0,
			stMin: 0
		});
	});

	it('skips the address byte under extended addressing', () => {
		expect(decodeFrame(hex('F1 02 50 03 CC CC CC CC'), { addressed: true })).toEqual({
			pci: PciType.SingleFrame,
			data: hex('50 03')
		});
	});

	it('reads the 32-bit first frame length escape', () => {
		const pdu = decodeFrame(hex('10 00 00 01 11 70 AA BB'));
		expect(pdu).toMatchObject({ pci: PciType.FirstFrame, length: 70_000 });
	});

	it.each([
		['an empty frame', ''],
		['an address byte and nothing else', 'F1'],
		['a reserved PCI type', '40 01 02 03'],
		['SF_DL longer than the frame', '05 01 02'],
		['SF_DL 8 in a classic frame', '08 01 02 03 04 05 06 07'],
		['the SF escape in a classic frame', '00 03 01 02 03 CC CC CC'],
		['a first frame shorter than 8 bytes', '10 14 49 02'],
		['a first frame length that fits a single frame', '10 07 01 02 03 04 05 06'],
		['an escaped first frame length under 4096', '10 00 00 00 0F FF 01 02'],
		['a consecutive frame with no data', '21'],
		['a flow control frame shorter than 3 bytes', '30 00'],
		['a reserved flow status', '33 00 00 CC CC CC CC CC']
	])('rejects %s with IsoTpProtocolError', (_, bytes) => {
		expect(() => decodeFrame(hex(bytes))).toThrow(IsoTpProtocolError);
	});

	it('rejects a single frame of 7 bytes under extended addressing', () => {
		expect(() => decodeFrame(hex('F1 07 01 02 03 04 05 06'), { addressed: true })).toThrow(
			IsoTpProtocolError
		);
	});
});
