import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	BXCAN_BIT_TIMING,
	BitTimingError,
	STANDARD_BITRATES,
	STM32_FDCAN_BIT_TIMING,
	STM32_FDCAN_DATA_BIT_TIMING,
	calcBitTiming
} from './bit-timing';

const bxcan = BXCAN_BIT_TIMING;

describe('calcBitTiming (Linux can_calc_bittiming)', () => {
	it.each([
		[1_000_000, { brp: 3, propSeg: 5, phaseSeg1: 6, phaseSeg2: 4, sjw: 2, samplePoint: 0.75 }],
		[500_000, { brp: 6, propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, samplePoint: 0.875 }],
		[250_000, { brp: 12, propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, samplePoint: 0.875 }],
		[125_000, { brp: 24, propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, samplePoint: 0.875 }]
	])('gives a 48 MHz bxCAN at %i bit/s the kernel’s timing', (bitrate, expected) => {
		expect(calcBitTiming(48_000_000, bitrate, bxcan)).toMatchObject({
			...expected,
			bitrate,
			bitrateErrorPermille: 0
		});
	});

	it('honours an explicit sample point', () => {
		expect(calcBitTiming(48_000_000, 500_000, bxcan, 0.75)).toMatchObject({
			samplePoint: 0.75,
			propSeg: 5,
			phaseSeg1: 6,
			phaseSeg2: 4
		});
	});

	it('names the error when the clock cannot make the rate closely enough', () => {
		expect(() => calcBitTiming(10_000_000, 3_000_000, bxcan)).toThrow(
			new BitTimingError(
				'bit rate error 11.1% too high for 3000000 bit/s from a 10000000 Hz clock',
				3_000_000,
				111
			)
		);
	});

	it('says so when no prescaler fits at all', () => {
		expect(() => calcBitTiming(48_000_000, 1_000, bxcan)).toThrow(/no prescaler in 1–1024/);
	});

	it('rejects nonsense inputs with RangeError', () => {
		expect(() => calcBitTiming(48_000_000, 0, bxcan)).toThrow(RangeError);
		expect(() => calcBitTiming(48_000_000, 500_000, bxcan, 1.5)).toThrow(/sample point/);
	});

	it('always stays inside the controller limits and within 5 % of the rate', () => {
		fc.assert(
			fc.property(fc.integer({ min: 10_000, max: 1_000_000 }), (bitrate) => {
				let r;
				try {
					r = calcBitTiming(48_000_000, bitrate, bxcan);
				} catch (err) {
					return err instanceof BitTimingError;
				}
				const tseg1 = r.propSeg + r.phaseSeg1;
				return (
					tseg1 >= 1 &&
					tseg1 <= 16 &&
					r.phaseSeg2 >= 1 &&
					r.phaseSeg2 <= 8 &&
					r.sjw <= 4 &&
					r.brp >= 1 &&
					r.brp <= 1024 &&
					Math.abs(r.bitrate - bitrate) / bitrate <= 0.051
				);
			})
		);
	});

	/**
	 * Expected registers: the kernel ≥ 6.3 algorithm (calc_bittiming.c) by hand, e.g. 10 kbit/s at
	 * 80 MHz: 8000 tq; tsegall 320 (brp 25) only reaches 80.3 % because tseg1 tops out at 256,
	 * tsegall 250 reaches 87.2 %, tsegall 200 (brp 40) hits 87.5 % exactly and ends the search.
	 */
	describe('every standard bit rate, with the registers Linux picks', () => {
		const row = (
			brp: number,
			propSeg: number,
			phaseSeg1: number,
			phaseSeg2: number,
			sjw: number
		) => ({
			brp,
			propSeg,
			phaseSeg1,
			phaseSeg2,
			sjw
		});
		// candleLight / CANable, STM32F072 bxCAN at 48 MHz (candleLight_fw config.h, src/can/bxcan.c).
		const bxcan48 = {
			10_000: row(300, 6, 7, 2, 1),
			20_000: row(150, 6, 7, 2, 1),
			50_000: row(60, 6, 7, 2, 1),
			100_000: row(30, 6, 7, 2, 1),
			125_000: row(24, 6, 7, 2, 1),
			250_000: row(12, 6, 7, 2, 1),
			500_000: row(6, 6, 7, 2, 1),
			800_000: row(3, 7, 8, 4, 2),
			1_000_000: row(3, 5, 6, 4, 2)
		};
		// candleLight FD on an STM32G4: FDCAN at 80 MHz (device_g4.c PLLQ), m_can.c nominal limits.
		const fdcan80 = {
			10_000: row(40, 87, 87, 25, 12),
			20_000: row(20, 87, 87, 25, 12),
			50_000: row(8, 87, 87, 25, 12),
			100_000: row(4, 87, 87, 25, 12),
			125_000: row(4, 69, 70, 20, 10),
			250_000: row(2, 69, 70, 20, 10),
			500_000: row(1, 69, 70, 20, 10),
			800_000: row(1, 39, 40, 20, 10),
			1_000_000: row(1, 29, 30, 20, 10)
		};
		// The same FDCAN clocked from 160 MHz (SYSCLK), as some G4 builds do.
		const fdcan160 = {
			10_000: row(80, 87, 87, 25, 12),
			20_000: row(40, 87, 87, 25, 12),
			50_000: row(16, 87, 87, 25, 12),
			100_000: row(8, 87, 87, 25, 12),
			125_000: row(5, 111, 112, 32, 16),
			250_000: row(4, 69, 70, 20, 10),
			500_000: row(2, 69, 70, 20, 10),
			800_000: row(1, 79, 80, 40, 20),
			1_000_000: row(1, 59, 60, 40, 20)
		};
		const cases = [
			['bxCAN 48 MHz', 48_000_000, BXCAN_BIT_TIMING, bxcan48],
			['FDCAN 80 MHz', 80_000_000, STM32_FDCAN_BIT_TIMING, fdcan80],
			['FDCAN 160 MHz', 160_000_000, STM32_FDCAN_BIT_TIMING, fdcan160]
		] as const;
		for (const [name, fclk, limits, table] of cases) {
			it.each(STANDARD_BITRATES)(`${name}: %i bit/s exactly`, (bitrate) => {
				const r = calcBitTiming(fclk, bitrate, limits);
				expect(r).toMatchObject({ ...table[bitrate], bitrate, bitrateErrorPermille: 0 });
				const sp = bitrate > 800_000 ? 0.75 : bitrate > 500_000 ? 0.8 : 0.875;
				expect(r.samplePoint).toBe(sp);
			});
		}
	});

	it.each([
		[1_000_000, { brp: 2, propSeg: 14, phaseSeg1: 15, phaseSeg2: 10, sjw: 5, samplePoint: 0.75 }],
		[2_000_000, { brp: 1, propSeg: 14, phaseSeg1: 15, phaseSeg2: 10, sjw: 5, samplePoint: 0.75 }],
		[4_000_000, { brp: 1, propSeg: 7, phaseSeg1: 7, phaseSeg2: 5, sjw: 2, samplePoint: 0.75 }],
		[5_000_000, { brp: 1, propSeg: 5, phaseSeg1: 6, phaseSeg2: 4, sjw: 2, samplePoint: 0.75 }],
		// 10 tq: 75 % would need 7.5 tq, so the kernel settles below the wanted point at 70 %.
		[8_000_000, { brp: 1, propSeg: 3, phaseSeg1: 3, phaseSeg2: 3, sjw: 1, samplePoint: 0.7 }]
	])('gives the FDCAN data phase at 80 MHz %i bit/s', (bitrate, expected) => {
		expect(calcBitTiming(80_000_000, bitrate, STM32_FDCAN_DATA_BIT_TIMING)).toMatchObject({
			...expected,
			bitrate,
			bitrateErrorPermille: 0
		});
	});

	it('accepts a data rate 4.7 % off, as Linux does with only a warning', () => {
		expect(calcBitTiming(80_000_000, 12_000_000, STM32_FDCAN_DATA_BIT_TIMING)).toMatchObject({
			brp: 1,
			propSeg: 2,
			phaseSeg1: 2,
			phaseSeg2: 2,
			bitrate: 11_428_571,
			bitrateErrorPermille: 47
		});
	});

	it('refuses a data rate the 80 MHz FDCAN misses by more than 5 %, naming rate and clock', () => {
		expect(() => calcBitTiming(80_000_000, 15_000_000, STM32_FDCAN_DATA_BIT_TIMING)).toThrow(
			new BitTimingError(
				'bit rate error 6.6% too high for 15000000 bit/s from a 80000000 Hz clock',
				15_000_000,
				66
			)
		);
	});
});
