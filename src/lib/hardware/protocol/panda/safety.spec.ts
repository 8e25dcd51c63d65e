import { describe, expect, it } from 'vitest';
import {
	PANDA_CAN_SPEEDS,
	canSpeedParam,
	elm327TxAllowed,
	isCarSafetyMode,
	safetyModeName,
	safetyTxAllowed
} from '.';

describe('request tables', () => {
	it('converts bit rates to the kbit/s × 10 the firmware lists, refusing the rest', () => {
		expect(canSpeedParam(500_000)).toBe(5000);
		expect(canSpeedParam(125_000)).toBe(1250);
		expect(canSpeedParam(10_000)).toBe(100);
		expect(canSpeedParam(83_333)).toBeUndefined();
		expect(canSpeedParam(2_000_000)).toBeUndefined();
		expect(PANDA_CAN_SPEEDS).toHaveLength(8);
	});

	it('names safety modes and tells car modes from the four that never command a car', () => {
		expect(safetyModeName(0)).toBe('silent');
		expect(safetyModeName(3)).toBe('elm327');
		expect(safetyModeName(99)).toBe('mode 99');
		expect([0, 3, 17, 19].map(isCarSafetyMode)).toEqual([false, false, false, false]);
		expect(isCarSafetyMode(2)).toBe(true);
	});
});

describe('elm327 tx hook (opendbc safety/modes/elm327.h)', () => {
	const eight = new Uint8Array(8);
	it('lets 8-byte diagnostic frames out', () => {
		for (const id of [0x7df, 0x7e0, 0x600, 0x6ff, 0x18db33f1, 0x18da10f1, 0x18daeef1]) {
			expect(elm327TxAllowed({ id, data: eight }), id.toString(16)).toBe(true);
		}
	});
	it('blocks other ids and any frame that is not 8 bytes', () => {
		for (const id of [0x5ff, 0x800, 0x100, 0x18db33f2, 0x18da10f0, 0x18dc10f1]) {
			expect(elm327TxAllowed({ id, data: eight }), id.toString(16)).toBe(false);
		}
		expect(elm327TxAllowed({ id: 0x7df, data: new Uint8Array(3) })).toBe(false);
	});
	it("lets GM's 0x24B out only with an ISO-TP frame type up to flow control", () => {
		expect(elm327TxAllowed({ id: 0x24b, data: Uint8Array.of(0x30, 0, 0, 0, 0, 0, 0, 0) })).toBe(
			true
		);
		expect(elm327TxAllowed({ id: 0x24b, data: Uint8Array.of(0x40, 0, 0, 0, 0, 0, 0, 0) })).toBe(
			false
		);
	});
	it('silent and noOutput never transmit; car modes are not modelled', () => {
		expect(safetyTxAllowed(0, { id: 0x7df, data: eight })).toBe(false);
		expect(safetyTxAllowed(19, { id: 0x7df, data: eight })).toBe(false);
		expect(safetyTxAllowed(17, { id: 0x123, data: eight })).toBe(true);
		expect(safetyTxAllowed(2, { id: 0x7df, data: eight })).toBeUndefined();
	});
});
