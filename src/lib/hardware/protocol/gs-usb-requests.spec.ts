import {
	BXCAN_BIT_TIMING,
	STM32_FDCAN_BIT_TIMING,
	STM32_FDCAN_DATA_BIT_TIMING
} from './bit-timing';
import { describe, expect, it } from 'vitest';
import {
	decodeBitTiming,
	decodeBtConst,
	decodeBtConstExt,
	decodeDeviceConfig,
	decodeDeviceMode,
	decodeDeviceState,
	decodeTimestamp,
	encodeBitTiming,
	encodeBtConst,
	encodeBtConstExt,
	encodeDeviceConfig,
	encodeDeviceMode,
	encodeHostConfig
} from './gs-usb-requests';
import { MalformedTransferError } from '../errors';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'));

const candleLightBtConst = {
	feature: 0xb3,
	fclkCan: 48_000_000,
	...BXCAN_BIT_TIMING
};

describe('gs_usb control payloads', () => {
	it('encodes HOST_FORMAT as little-endian 0x0000beef', () => {
		expect(hex(encodeHostConfig())).toBe('efbe0000');
	});

	it('encodes BITTIMING as five little-endian u32 in struct order', () => {
		const bt = { propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, brp: 6 };
		expect(hex(encodeBitTiming(bt))).toBe('0600000007000000020000000100000006000000');
		expect(decodeBitTiming(encodeBitTiming(bt))).toEqual(bt);
	});

	it('encodes MODE START with flags', () => {
		expect(hex(encodeDeviceMode({ mode: 1, flags: 0x11 }))).toBe('0100000011000000');
		expect(decodeDeviceMode(bytes('0000000000000000'))).toEqual({ mode: 0, flags: 0 });
	});

	it('round-trips the 40-byte BT_CONST', () => {
		const wire = encodeBtConst(candleLightBtConst);
		expect(wire.length).toBe(40);
		expect(decodeBtConst(wire)).toEqual(candleLightBtConst);
	});

	it('rejects a BT_CONST whose limits no controller has', () => {
		const wire = encodeBtConst({ ...candleLightBtConst, brpInc: 0 });
		expect(() => decodeBtConst(wire)).toThrow(MalformedTransferError);
	});

	it('decodes DEVICE_CONFIG: icount at byte 3, versions after', () => {
		expect(decodeDeviceConfig(bytes('000000 01 02000000 01000000'))).toEqual({
			icount: 1,
			swVersion: 2,
			hwVersion: 1
		});
		expect(hex(encodeDeviceConfig({ icount: 0, swVersion: 2, hwVersion: 1 }))).toBe(
			'000000000200000001000000'
		);
	});

	it('decodes GET_STATE and refuses an unknown state', () => {
		expect(decodeDeviceState(bytes('02000000 05000000 81000000'))).toEqual({
			state: 2,
			rxErr: 5,
			txErr: 129
		});
		expect(() => decodeDeviceState(bytes('09000000 00000000 00000000'))).toThrow(
			MalformedTransferError
		);
	});

	it('throws MalformedTransferError for a reply of the wrong length or no reply', () => {
		expect(() => decodeDeviceConfig(new Uint8Array(8))).toThrow(MalformedTransferError);
		expect(() => decodeBtConst(new Uint8Array(41))).toThrow(MalformedTransferError);
		expect(() => decodeTimestamp(undefined)).toThrow(/TIMESTAMP: no data/);
	});

	it('decodes the TIMESTAMP counter as an unsigned 32-bit value', () => {
		expect(decodeTimestamp(bytes('ffffffff'))).toBe(0xffffffff);
	});

	describe('BT_CONST_EXT', () => {
		// candleLight_fw m_can.c CAN_btconst_ext, 80 MHz, features LISTEN_ONLY|LOOP_BACK|HW_TIMESTAMP|
		// IDENTIFY|PAD_PKTS|FD|BT_CONST_EXT|BERR_REPORTING|GET_STATE.
		const wire =
			'b3350000 00b4c404' +
			' 01000000 00010000 01000000 80000000 80000000 01000000 00020000 01000000' +
			' 01000000 20000000 01000000 10000000 10000000 01000000 20000000 01000000';
		const g4 = {
			feature: 0x35b3,
			fclkCan: 80_000_000,
			...STM32_FDCAN_BIT_TIMING,
			data: { ...STM32_FDCAN_DATA_BIT_TIMING }
		};

		it('decodes the 72-byte reply: BT_CONST, then the data-phase limits', () => {
			expect(decodeBtConstExt(bytes(wire))).toEqual(g4);
			expect(hex(encodeBtConstExt(g4))).toBe(wire.replace(/ /g, ''));
		});

		it('rejects impossible data-phase limits and a reply of the wrong length', () => {
			const bad = encodeBtConstExt({ ...g4, data: { ...g4.data, brpMin: 0 } });
			expect(() => decodeBtConstExt(bad)).toThrow(/BT_CONST_EXT: impossible limits/);
			expect(() => decodeBtConstExt(bytes(wire).slice(0, 40))).toThrow(MalformedTransferError);
		});
	});
});
