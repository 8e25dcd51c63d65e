import { clamp } from './car-spec';

/**
 * Throttle flow against engine pumping, reduced to one constant: the ratio of a wide-open throttle's flow
 * coefficient to the engine's swept-volume flow per rpm. 17 000 puts MAP at ≈97 % of upstream at 7000 rpm WOT
 * and ≈33 kPa at an 850 rpm idle with ≈1.3 % of the throttle area open, as on a real 2.0 L.
 */
const THROTTLE_TO_ENGINE_FLOW = 17000;

/**
 * Residual exhaust left in the cylinder displaces fresh charge; it matters only at very low MAP, and it is why
 * overrun MAP bottoms out near 15–20 kPa rather than near vacuum.
 */
const RESIDUAL_KPA = 10;

/** Manifold pressure that actually fills the cylinder with fresh charge, kPa. */
export function trappedMapKpa(mapKpa: number): number {
	return Math.max(0, mapKpa - RESIDUAL_KPA);
}

/** Throttle plate open area, 0–1, for a position 0–100 %: a butterfly's area grows like 1 − cos(angle). */
export function throttleArea(throttlePct: number): number {
	return 1 - Math.cos((clamp(throttlePct, 0, 100) / 100) * (Math.PI / 2));
}

/**
 * Subsonic/choked flow factor of an orifice, normalised to 1 when choked. Below ≈0.5 pressure ratio the throttle
 * is choked (critical ratio 0.528 for air); above it flow falls to 0 at ratio 1. A circle keeps it smooth.
 */
function flowFactor(ratio: number): number {
	if (ratio <= 0.5) return 1;
	const x = (ratio - 0.5) / 0.5;
	return Math.sqrt(Math.max(0, 1 - x * x));
}

/**
 * Steady manifold/upstream pressure ratio where throttle flow equals engine flow. Engine flow is linear in the
 * ratio and throttle flow falls with it, so there is exactly one root; bisection finds it to 1e-5 in 17 steps.
 */
export function throttlePressureRatio(
	area: number,
	rpm: number,
	ve: number,
	upstreamKpa: number
): number {
	const supply = THROTTLE_TO_ENGINE_FLOW * area;
	const demandPerRatio = ve * Math.max(rpm, 1);
	const residual = RESIDUAL_KPA / upstreamKpa;
	const choked = residual + supply / demandPerRatio;
	if (choked <= 0.5) return choked;
	let lo = 0.5;
	let hi = 1;
	for (let i = 0; i < 17; i++) {
		const mid = (lo + hi) / 2;
		if (supply * flowFactor(mid) > demandPerRatio * (mid - residual)) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/** A ball-bearing turbo sized for ≈1.3 bar by 3500 rpm on a 2.0 L. */
export const TURBO = {
	/** Boost the wastegate spring alone holds, kPa gauge. */
	springKpa: 40,
	/** Boost above the set point over which the wastegate goes from shut to fully open, kPa. */
	wastegateBandKpa: 15,
	wastegateTau: 0.08,
	/** Fraction of travel the wastegate is already open at the set point, so it cracks before boost gets there. */
	wastegateLead: 0.5,
	/** Fraction of exhaust energy a fully open wastegate bypasses. */
	wastegateAuthority: 0.9,
	/** Shaft speed lag: spool-up is slower than the drop on lift-off because of turbine inertia vs. load. */
	spoolTau: 0.35,
	spinDownTau: 0.8,
	/** Closed-loop boost trim gain, kPa of set point per kPa·s of error. */
	trimGain: 1.5,
	maxKpa: 240,
	/** Exhaust energy (krpm × bar × VE) below which the turbine makes no boost. */
	thresholdEnergy: 1.5,
	energyScale: 3
} as const;

/** Compressor boost (kPa gauge, before the throttle) for a shaft speed in exhaust-energy units. */
export function turboBoostKpa(shaftSpeed: number): number {
	const above = Math.max(0, shaftSpeed - TURBO.thresholdEnergy);
	return TURBO.maxKpa * (1 - Math.exp(-above / TURBO.energyScale));
}
