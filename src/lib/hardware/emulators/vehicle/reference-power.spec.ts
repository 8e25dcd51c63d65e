import { describe, expect, it } from 'vitest';
import { computeVirtualDyno, curvePeaks, detectPulls, resolveVehicle } from '$lib/analytics';
import { CAR, overallRatio } from './car-spec';
import { boostTarget } from './ecu-calibration';
import {
	SIMULATED_CAR_PROFILE,
	referenceCrankTorqueNm,
	referenceMapKpa,
	referencePeaks,
	referencePoint
} from './reference-power';
import { SimulatedVehicle } from './simulated-vehicle';

const G = 9.81;

/** The 'wot-pull-3rd' scenario sampled every model step (1 ms): true model values, before any CAN rounding. */
function recordPull() {
	const vehicle = new SimulatedVehicle({ scenario: 'wot-pull-3rd' });
	const n = 12_000;
	const t = new Float64Array(n);
	const rpm = new Float64Array(n);
	const speedMs = new Float64Array(n);
	const throttle = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		t[i] = (i + 1) * 1000;
		vehicle.poll(t[i]);
		rpm[i] = vehicle.state.rpm;
		speedMs[i] = vehicle.state.speedKmh / 3.6;
		throttle[i] = vehicle.state.throttle;
	}
	return { t, rpm, speedMs, throttle };
}

const pull = recordPull();

describe('reference WOT curve of the simulated engine', () => {
	it('holds the ECU boost target once the turbo can make it, and less where it cannot', () => {
		for (const rpm of [3500, 4500, 6000, 7000])
			expect(referenceMapKpa(rpm)).toBeCloseTo(101.3 + boostTarget(rpm, 100), 6);
		expect(referenceMapKpa(1500)).toBeLessThan(101.3 + boostTarget(1500, 100) - 20);
	});

	it('agrees with the torque the engine model delivers during the 3rd-gear pull, once spooled', () => {
		// Torque from the model's own motion (driveline.ts, clutch locked): the wheels get η·(T − J·α)·R/r, which
		// accelerates the car against drag and rolling resistance, so η·T = (m·a + F_resist)·r/R + η·J·α.
		const ratio = overallRatio(3);
		const r = CAR.tyreRadius;
		const eta = CAR.drivelineEfficiency;
		let checked = 0;
		for (let i = 2000; i < 7000; i += 100) {
			const rpm = pull.rpm[i];
			if (rpm < 3500 || rpm > 6900 || pull.throttle[i] < 99) continue;
			const h = 20;
			const dt = (pull.t[i + h] - pull.t[i - h]) / 1e6;
			const a = (pull.speedMs[i + h] - pull.speedMs[i - h]) / dt;
			const alpha = (((pull.rpm[i + h] - pull.rpm[i - h]) / dt) * 2 * Math.PI) / 60;
			const v = pull.speedMs[i];
			const resist =
				0.5 * CAR.airDensity * CAR.dragArea * v * v + CAR.rollingResistance * CAR.massKg * G;
			const modelTorque = ((CAR.massKg * a + resist) * r) / ratio / eta + CAR.engineInertia * alpha;
			expect(Math.abs(modelTorque / referenceCrankTorqueNm(rpm) - 1)).toBeLessThan(0.015);
			checked++;
		}
		expect(checked).toBeGreaterThan(20);
	});

	it('is what the virtual dyno reads from the simulated pull: peak power within 1 %', () => {
		const ch = (x: Float64Array) => ({ t: pull.t, v: Float32Array.from(x) });
		const speedKmh = Float64Array.from(pull.speedMs, (x) => x * 3.6);
		const [segment] = detectPulls(
			{ rpm: ch(pull.rpm), tps: ch(pull.throttle), speedKmh: ch(speedKmh) },
			{ profile: SIMULATED_CAR_PROFILE }
		);
		expect(segment.gear).toBe(3);
		const curve = computeVirtualDyno({ rpm: ch(pull.rpm) }, SIMULATED_CAR_PROFILE, {
			startUs: segment.startUs,
			endUs: segment.endUs,
			gear: 3,
			correction: 'none'
		});
		const measured = curvePeaks(curve);
		const reference = referencePeaks();
		expect(Math.abs(measured.powerKw / reference.powerKw - 1)).toBeLessThan(0.01);
		expect(Math.abs(measured.powerRpm - reference.powerRpm)).toBeLessThan(400);
	});

	it('peaks at ≈184 kW at the wheels near 6650 rpm, with crank figures 1/0.9 of the wheel ones', () => {
		const peaks = referencePeaks();
		expect(peaks.powerKw).toBeGreaterThan(175);
		expect(peaks.powerKw).toBeLessThan(190);
		const p = referencePoint(peaks.powerRpm);
		expect(p.crankPowerKw * CAR.drivelineEfficiency).toBeCloseTo(p.wheelPowerKw, 9);
		expect(p.wheelPowerKw).toBeCloseTo(
			(p.wheelTorqueNm * peaks.powerRpm * 2 * Math.PI) / 60_000,
			9
		);
	});

	it('refuses rpm outside idle-to-limiter with a RangeError', () => {
		expect(() => referencePoint(0)).toThrow(RangeError);
		expect(() => referencePoint(CAR.revLimitRpm + 1)).toThrow(RangeError);
	});

	it('describes the simulated car as a vehicle profile the dyno accepts, ratios as in car-spec', () => {
		const v = resolveVehicle(SIMULATED_CAR_PROFILE);
		expect(v.overallRatios[2]).toBeCloseTo(overallRatio(3), 12);
		expect(v.massKg).toBe(CAR.massKg);
		expect(v.rollingRadiusM).toBe(CAR.tyreRadius);
		expect(v.efficiency).toBeCloseTo(CAR.drivelineEfficiency, 12);
	});
});
