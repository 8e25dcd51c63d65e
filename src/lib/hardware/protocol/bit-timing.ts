/**
 * CAN bit timing from a bit rate and sample point, a line-for-line port of Linux
 * can_calc_bittiming() and can_update_sample_point() (drivers/net/can/dev/calc_bittiming.c;
 * can-utils calc-bit-timing/). Integer arithmetic and tie-breaking match the kernel so we choose
 * the same brp/tseg a SocketCAN user would get on the same adapter.
 */

/** Controller limits, as in `struct can_bittiming_const` / gs_device_bt_const. */
export interface BitTimingConst {
	tseg1Min: number;
	tseg1Max: number;
	tseg2Min: number;
	tseg2Max: number;
	sjwMax: number;
	brpMin: number;
	brpMax: number;
	brpInc: number;
}

/** The bxCAN controller's limits on candleLight's STM32F0/F4 boards (candleLight_fw can/bxcan.c; protocols.md §3.2). */
export const BXCAN_BIT_TIMING: Readonly<BitTimingConst> = {
	tseg1Min: 1,
	tseg1Max: 16,
	tseg2Min: 1,
	tseg2Max: 8,
	sjwMax: 4,
	brpMin: 1,
	brpMax: 1024,
	brpInc: 1
};

/**
 * The STM32G0/G4 FDCAN (Bosch M_CAN) limits candleLight_fw reports in BT_CONST / BT_CONST_EXT
 * (candle-usb/candleLight_fw src/can/m_can.c CAN_btconst_ext: nominal NBTP, data DBTP fields).
 */
export const STM32_FDCAN_BIT_TIMING: Readonly<BitTimingConst> = {
	tseg1Min: 1,
	tseg1Max: 256,
	tseg2Min: 1,
	tseg2Max: 128,
	sjwMax: 128,
	brpMin: 1,
	brpMax: 512,
	brpInc: 1
};

export const STM32_FDCAN_DATA_BIT_TIMING: Readonly<BitTimingConst> = {
	tseg1Min: 1,
	tseg1Max: 32,
	tseg2Min: 1,
	tseg2Max: 16,
	sjwMax: 16,
	brpMin: 1,
	brpMax: 32,
	brpInc: 1
};

/** The bit rates `ip link … bitrate` users pick and CiA 301 §7.2 lists (bit/s). */
export const STANDARD_BITRATES = [
	10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000, 1_000_000
] as const;

export interface BitTiming {
	propSeg: number;
	phaseSeg1: number;
	phaseSeg2: number;
	sjw: number;
	brp: number;
}

export interface BitTimingResult extends BitTiming {
	/** The bit rate these settings really give, bit/s. */
	bitrate: number;
	/** The real sample point as a fraction (kernel resolution: 0.1 %). */
	samplePoint: number;
	/** |real − wanted| / wanted in tenths of a percent, rounded down as the kernel does. */
	bitrateErrorPermille: number;
	/** Time quantum in ns. */
	tqNs: number;
}

/** Linux CAN_CALC_MAX_ERROR: a bit rate more than 5.0 % off is refused. */
export const CAN_CALC_MAX_ERROR_PERMILLE = 50;
const CAN_SYNC_SEG = 1;

/** No brp/tseg combination within the controller's limits reaches the bit rate closely enough. */
export class BitTimingError extends RangeError {
	override name = 'BitTimingError';
	constructor(
		message: string,
		readonly bitrate: number,
		/** Best achievable error in ‰, or null when no prescaler fits at all. */
		readonly errorPermille: number | null,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

/**
 * CiA 301 recommended sample points, as the kernel applies them when none is given:
 * 75 % above 800 kbit/s, 80 % above 500 kbit/s, 87.5 % otherwise.
 */
export function defaultSamplePointPermille(bitrate: number): number {
	if (bitrate > 800_000) return 750;
	if (bitrate > 500_000) return 800;
	return 875;
}

function updateSamplePoint(
	btc: BitTimingConst,
	nominal: number,
	tseg: number
): { samplePoint: number; error: number; tseg1: number; tseg2: number } {
	let best = { samplePoint: 0, error: Number.MAX_SAFE_INTEGER, tseg1: 0, tseg2: 0 };
	for (let i = 0; i <= 1; i++) {
		let tseg2 = tseg + CAN_SYNC_SEG - Math.floor((nominal * (tseg + CAN_SYNC_SEG)) / 1000) - i;
		tseg2 = Math.min(Math.max(tseg2, btc.tseg2Min), btc.tseg2Max);
		let tseg1 = tseg - tseg2;
		if (tseg1 > btc.tseg1Max) {
			tseg1 = btc.tseg1Max;
			tseg2 = tseg - tseg1;
		}
		const samplePoint = Math.floor((1000 * (tseg + CAN_SYNC_SEG - tseg2)) / (tseg + CAN_SYNC_SEG));
		const error = Math.abs(nominal - samplePoint);
		if (samplePoint <= nominal && error < best.error) {
			best = { samplePoint, error, tseg1, tseg2 };
		}
	}
	return best;
}

/**
 * @param fclk controller clock in Hz (BT_CONST.fclk_can)
 * @param bitrate wanted nominal bit rate in bit/s
 * @param samplePoint wanted sample point as a fraction; @default CiA 301 (see defaultSamplePointPermille)
 * @throws BitTimingError when the best combination is more than 5.0 % off (or none fits)
 */
export function calcBitTiming(
	fclk: number,
	bitrate: number,
	btc: BitTimingConst,
	samplePoint?: number
): BitTimingResult {
	if (!Number.isInteger(fclk) || fclk <= 0) throw new RangeError(`clock ${fclk} Hz is not valid`);
	if (!Number.isInteger(bitrate) || bitrate <= 0) {
		throw new RangeError(`bit rate ${bitrate} is not a positive integer`);
	}
	if (samplePoint !== undefined && !(samplePoint > 0 && samplePoint < 1)) {
		throw new RangeError(`sample point ${samplePoint} is not a fraction between 0 and 1`);
	}
	const nominal =
		samplePoint === undefined
			? defaultSamplePointPermille(bitrate)
			: Math.round(samplePoint * 1000);

	let bestBitrateError = Number.MAX_SAFE_INTEGER;
	let bestSpError = Number.MAX_SAFE_INTEGER;
	let bestTseg = 0;
	let bestBrp = 0;
	// tseg counts half steps: even = round the prescaler down, odd = round it up (kernel comment).
	for (
		let tseg = (btc.tseg1Max + btc.tseg2Max) * 2 + 1;
		tseg >= (btc.tseg1Min + btc.tseg2Min) * 2;
		tseg--
	) {
		const tsegall = CAN_SYNC_SEG + Math.floor(tseg / 2);
		let brp = Math.floor(fclk / (tsegall * bitrate)) + (tseg % 2);
		brp = Math.floor(brp / btc.brpInc) * btc.brpInc;
		if (brp < btc.brpMin || brp > btc.brpMax) continue;
		const rate = Math.floor(fclk / (brp * tsegall));
		const bitrateError = Math.abs(bitrate - rate);
		if (bitrateError > bestBitrateError) continue;
		if (bitrateError < bestBitrateError) bestSpError = Number.MAX_SAFE_INTEGER;
		const sp = updateSamplePoint(btc, nominal, Math.floor(tseg / 2));
		if (sp.error >= bestSpError) continue;
		bestSpError = sp.error;
		bestBitrateError = bitrateError;
		bestTseg = Math.floor(tseg / 2);
		bestBrp = brp;
		if (bitrateError === 0 && sp.error === 0) break;
	}

	if (bestBrp === 0) {
		throw new BitTimingError(
			`no prescaler in ${btc.brpMin}–${btc.brpMax} reaches ${bitrate} bit/s from a ${fclk} Hz clock`,
			bitrate,
			null
		);
	}
	const errorPermille = Math.floor((bestBitrateError * 1000) / bitrate);
	if (errorPermille > CAN_CALC_MAX_ERROR_PERMILLE) {
		throw new BitTimingError(
			`bit rate error ${Math.floor(errorPermille / 10)}.${errorPermille % 10}% too high for ${bitrate} bit/s from a ${fclk} Hz clock`,
			bitrate,
			errorPermille
		);
	}

	const { samplePoint: realSp, tseg1, tseg2 } = updateSamplePoint(btc, nominal, bestTseg);
	const propSeg = Math.floor(tseg1 / 2);
	// Kernel ≥ 6.3 can_sjw_set_default(): SJW = max(1, min(phase_seg1, phase_seg2 / 2)), then capped.
	const phaseSeg1 = tseg1 - propSeg;
	const sjw = Math.max(1, Math.min(phaseSeg1, Math.floor(tseg2 / 2), btc.sjwMax || 1));
	return {
		propSeg,
		phaseSeg1,
		phaseSeg2: tseg2,
		sjw,
		brp: bestBrp,
		bitrate: Math.floor(fclk / (bestBrp * (CAN_SYNC_SEG + tseg1 + tseg2))),
		samplePoint: realSp / 1000,
		bitrateErrorPermille: errorPermille,
		tqNs: Math.floor((bestBrp * 1e9) / fclk)
	};
}
