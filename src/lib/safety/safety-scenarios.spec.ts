import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../hardware/emulators/vehicle/scenarios';
import { drive, firstAt, seconds } from './simulated-drive.test-helper';
import type { SafetyVerdict } from './verdict';

const boostCut = { kind: 'protective-command', command: 'boost-cut' };
const limpMode = { kind: 'protective-command', command: 'limp-mode' };
const before = (verdicts: SafetyVerdict[], s: number) => verdicts.filter((v) => v.timeUs < s * 1e6);

describe('scripted faults on the simulated car, turbo petrol profile', () => {
	it('calls overboost critical within 0.5 s of the wastegate sticking at t = 12.0 s, with boost cut', () => {
		const { verdicts } = drive('overboost-at-12s', 16);
		expect(before(verdicts, 12)).toEqual([]);
		const warn = firstAt(verdicts, 'overboost', 'warn');
		const critical = firstAt(verdicts, 'overboost', 'critical')!;
		expect(seconds(warn)).toBeGreaterThan(12.1);
		expect(seconds(critical)).toBeGreaterThan(seconds(warn));
		expect(seconds(critical)).toBeLessThan(12.5);
		expect(critical.value).toBeGreaterThanOrEqual(25);
		expect(critical).toMatchObject({ channel: 'BoostPressure', limit: 25, direction: 'high' });
		expect(critical.actions).toContainEqual(boostCut);
		expect(seconds(firstAt(verdicts, 'boost', 'critical'))).toBeLessThan(12.8);
		// Latched: the driver lifted at 14 s, but the alarm stays until someone acknowledges it.
		expect(verdicts.filter((v) => v.ruleId === 'overboost').at(-1)).toMatchObject({
			level: 'critical',
			latched: true,
			acknowledged: false
		});
	});

	it('calls a lean spike under boost critical within 0.3 s, with the limp-mode request', () => {
		const { verdicts } = drive('lean-spike', 8);
		expect(before(verdicts, 4)).toEqual([]);
		const lean = firstAt(verdicts, 'lean-under-load', 'critical')!;
		expect(seconds(lean)).toBeGreaterThan(4.1);
		expect(seconds(lean)).toBeLessThan(4.3);
		expect(lean.value).toBeGreaterThanOrEqual(0.9);
		expect(lean.actions).toContainEqual(limpMode);
		expect(verdicts.filter((v) => v.ruleId === 'lean-under-load').at(-1)?.latched).toBe(true);
	});

	it('names cylinder 3 for a knock burst, and all three knock detectors see it', () => {
		const { verdicts } = drive('knock-burst-cyl3', 12);
		expect(before(verdicts, 9)).toEqual([]);
		const retard = firstAt(verdicts, 'knock-retard', 'critical')!;
		expect(retard.channel).toBe('KnockRetardCyl3');
		expect(seconds(retard)).toBeLessThan(9.3);
		expect(verdicts.filter((v) => v.ruleId === 'knock-retard').map((v) => v.channel)).toEqual(
			expect.arrayContaining(['KnockRetardCyl3'])
		);
		expect(verdicts.some((v) => /KnockRetardCyl[124]/.test(v.channel))).toBe(false);
		expect(seconds(firstAt(verdicts, 'knock-count', 'critical'))).toBeLessThan(9.5);
		// The sensor-energy detector waits out its 250 ms debounce, so an isolated knock never trips it.
		const energy = firstAt(verdicts, 'knock-energy', 'critical')!;
		expect(seconds(energy)).toBeGreaterThanOrEqual(9.25);
		expect(seconds(energy)).toBeLessThan(9.5);
		expect(energy.channel).toBe('KnockSensor');
		const energyCleared = verdicts.find(
			(v) => v.ruleId === 'knock-energy' && v.level === 'ok' && v.timeUs > 9.6e6
		);
		expect(seconds(energyCleared)).toBeLessThan(10.2);
	});

	it('follows an EGT ramp: rise rate first, then warn and critical 250 ms after each limit', () => {
		const crossings: Record<number, number> = {};
		const { verdicts } = drive('egt-ramp', 16, {
			onSample(name, value, timeUs) {
				if (name !== 'ExhaustGasTemp') return;
				for (const limit of [825, 900, 950]) if (value >= limit) crossings[limit] ??= timeUs / 1e6;
			}
		});
		expect(before(verdicts, 6)).toEqual([]);
		const rise = firstAt(verdicts, 'egt-rise', 'warn')!;
		const warn = firstAt(verdicts, 'egt', 'warn')!;
		const critical = firstAt(verdicts, 'egt', 'critical')!;
		expect(rise.value).toBeGreaterThan(150);
		expect(seconds(rise)).toBeGreaterThanOrEqual(crossings[825]);
		expect(seconds(rise)).toBeLessThan(crossings[825] + 0.1);
		// forMs 250 on a 50 ms frame: the first frame at or after 250 ms above the limit raises the level.
		expect(seconds(warn) - crossings[900]).toBeCloseTo(0.25, 6);
		expect(seconds(critical) - crossings[950]).toBeCloseTo(0.25, 6);
		expect(seconds(rise)).toBeLessThan(seconds(warn));
		expect(verdicts.filter((v) => v.ruleId === 'egt').at(-1)?.level).toBe('ok');
	});

	it('reports a coolant sensor dropout as signal lost within 0.25 s, never as a frozen or fault-code value', () => {
		const { verdicts } = drive('coolant-dropout', 10);
		expect(before(verdicts, 5)).toEqual([]);
		const coolant = verdicts.filter((v) => v.ruleId === 'coolant');
		expect(coolant.map((v) => [v.status, v.level])).toEqual([
			['signal-lost', 'warn'],
			['live', 'ok']
		]);
		expect(coolant[0]).toMatchObject({ channel: 'CoolantTemp', previousLevel: 'ok' });
		expect(coolant[0].value).toBeNaN();
		// The 50 ms frame × watchdog factor 5 after the last good reading (just before 5.0 s).
		expect(seconds(coolant[0])).toBeGreaterThan(5.15);
		expect(seconds(coolant[0])).toBeLessThanOrEqual(5.25);
		expect(seconds(coolant[1])).toBeGreaterThan(8);
		expect(seconds(coolant[1])).toBeLessThan(8.1);
		// The rules reading coolant with oil go lost too; none ever judged the -3276.8 °C fault code.
		for (const id of ['oil-over-coolant', 'oil-coolant-disagree'])
			expect(verdicts.find((v) => v.ruleId === id)?.status).toBe('signal-lost');
		expect(verdicts.every((v) => !(v.value < -40))).toBe(true);
	});

	it('stays silent on noisy but healthy sensors (ten times the noise, two laps of the demo)', () => {
		// Sample-to-sample MAP steps: sensor noise, not the engine's own movement.
		const jitter = (scenario: 'demo' | 'noisy-sensors') => {
			let previous = Number.NaN;
			let sum = 0;
			let n = 0;
			const { verdicts } = drive(scenario, 140, {
				seed: 3,
				onSample(name, v) {
					if (name !== 'ManifoldPressure') return;
					if (previous === previous) {
						sum += (v - previous) ** 2;
						n++;
					}
					previous = v;
				}
			});
			return { verdicts, rms: Math.sqrt(sum / n) };
		};
		const noisy = jitter('noisy-sensors');
		expect(noisy.rms).toBeGreaterThan(8 * jitter('demo').rms);
		expect(noisy.verdicts).toEqual([]);
	});

	it('puts every rule in its safe state when the adapter is unplugged: disconnected, latches kept', () => {
		const { engine, verdicts } = drive('overboost-at-12s', 13);
		const during = verdicts.length;
		engine.disconnect(13e6);
		const unplugged = verdicts.slice(during);
		expect(unplugged.map((v) => v.ruleId).sort()).toEqual(engine.rules.map((r) => r.id).sort());
		for (const v of unplugged) {
			expect(v.status).toBe('disconnected');
			expect(v.value).toBeNaN();
			expect(v.actions).toEqual([]);
			expect(v.level).toBe(['boost', 'overboost'].includes(v.ruleId) ? 'critical' : 'ok');
		}
		expect(engine.active().map((v) => [v.ruleId, v.level])).toEqual(
			expect.arrayContaining([
				['boost', 'critical'],
				['overboost', 'critical']
			])
		);
	});

	it('reports every rule signal lost once its inputs miss 5 periods when the bus goes silent', () => {
		const { engine, verdicts, runTo } = drive('cruise', 10);
		expect(verdicts).toEqual([]);
		runTo(11, false);
		expect(engine.verdicts().map((v) => v.status)).toEqual(engine.rules.map(() => 'signal-lost'));
		expect(engine.verdicts().every((v) => v.level === 'warn' && Number.isNaN(v.value))).toBe(true);
		// 1 kHz rpm: the 50 ms floor; 10 Hz battery: 5 × 100 ms (the silent bus is ticked every 10 ms).
		expect(seconds(verdicts.find((v) => v.ruleId === 'engine-speed'))).toBeLessThanOrEqual(10.06);
		expect(seconds(verdicts.find((v) => v.ruleId === 'battery'))).toBeLessThanOrEqual(10.51);
	});
});

describe('the same profile on healthy driving', () => {
	it('calls overboost critical early in a pull with the wastegate stuck from the start', () => {
		const { verdicts } = drive('overboost', 12);
		const overboost = firstAt(verdicts, 'overboost', 'critical')!;
		expect(seconds(overboost)).toBeGreaterThan(1.5);
		expect(seconds(overboost)).toBeLessThan(3);
		expect(overboost.actions).toContainEqual(boostCut);
	});

	it('calls lean under boost critical during the pull with a weak fuel pump', () => {
		const lean = firstAt(drive('lean-pull', 12).verdicts, 'lean-under-load', 'critical')!;
		expect(seconds(lean)).toBeGreaterThan(3);
		expect(seconds(lean)).toBeLessThan(7.3);
		expect(lean.actions).toContainEqual(limpMode);
	});

	it('calls coolant critical when the cooling system fails on the motorway', () => {
		expect(
			firstAt(drive('overheat', 120).verdicts, 'coolant', 'critical')?.value
		).toBeGreaterThanOrEqual(110);
	});

	it('raises nothing on a healthy pull to the limiter', () => {
		expect(drive('wot-pull-3rd', 12).verdicts).toEqual([]);
	});

	it('raises nothing over a clean ten-minute drive of idle, launches, pulls, cruise and stops', () => {
		expect(SCENARIOS.demo.durationS * 8).toBeLessThanOrEqual(600);
		expect(drive('demo', 600).verdicts).toEqual([]);
	}, 120_000);

	it('raises nothing on two minutes of cruise and one of idle', () => {
		expect([
			...drive('cruise', 120, { seed: 7 }).verdicts,
			...drive('idle', 60, { seed: 7 }).verdicts
		]).toEqual([]);
	});
});
