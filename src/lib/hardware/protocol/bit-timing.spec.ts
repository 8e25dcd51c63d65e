import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BXCAN_BIT_TIMING, BitTimingError, calcBitTiming } from './bit-timing';

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
});
