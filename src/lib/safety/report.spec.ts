import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ScenarioName } from '../hardware/emulators/vehicle/scenarios';
import { turboPetrolProfile } from './default-profiles';
import { detectPulls } from './pull-detect';
import { buildSafetyReport, type ChannelSamples } from './report';
import { SafetyReportSchema } from './report-schema';
import { drive } from './simulated-drive.test-helper';
import { profileWith } from './test-profile.test-helper';

/** A log as the recorder stores it: per channel, µs since the start and float32 values. */
function record(scenario: ScenarioName, seconds: number): Record<string, ChannelSamples> {
	const log: Record<string, { t: number[]; v: number[] }> = {};
	drive(scenario, seconds, {
		onSample(name, value, timeUs) {
			const c = (log[name] ??= { t: [], v: [] });
			c.t.push(timeUs);
			c.v.push(Math.fround(value));
		}
	});
	return log;
}

const series = (points: [number, number][]): ChannelSamples => ({
	t: points.map(([t]) => t),
	v: points.map(([, x]) => x)
});

/** `value(ms)` every 10 ms over [0, ms). */
const every10ms = (ms: number, value: (ms: number) => number) =>
	series(Array.from({ length: ms / 10 }, (_, i) => [i * 10_000, value(i * 10)]));

const egtRule = {
	kind: 'bounds' as const,
	id: 'egt',
	label: 'EGT',
	channel: 'EGT',
	warnHigh: 900,
	critHigh: 950,
	latch: 'critical' as const
};

describe('post-run safety report', () => {
	const overboost = buildSafetyReport(record('overboost-at-12s', 16), turboPetrolProfile);

	it('lists each event with its time, channel, rule, level, peak and duration', () => {
		const event = overboost.events.find((e) => e.ruleId === 'overboost')!;
		expect(event).toMatchObject({
			channel: 'BoostPressure',
			level: 'critical',
			status: 'live',
			limit: 15,
			direction: 'high',
			ongoing: false
		});
		expect(event.startUs / 1e6).toBeGreaterThan(12.1);
		expect(event.startUs / 1e6).toBeLessThan(12.5);
		// Boost fell away when the driver lifted at 14 s; the report does not hold the live latch.
		expect(event.endUs / 1e6).toBeGreaterThan(14);
		expect(event.endUs / 1e6).toBeLessThan(14.5);
		expect(event.durationUs).toBe(event.endUs - event.startUs);
		expect(event.peak).toBeGreaterThan(90);
		expect(overboost.events.map((e) => e.startUs)).toEqual(
			[...overboost.events.map((e) => e.startUs)].sort((a, b) => a - b)
		);
	});

	it('marks the pull with the stuck wastegate critical', () => {
		expect(overboost.pulls).toHaveLength(1);
		const [pull] = overboost.pulls;
		// The throttle body takes a few tens of ms to pass 90 % and to close below 80 %.
		expect(pull.startUs / 1e6).toBeGreaterThan(9);
		expect(pull.startUs / 1e6).toBeLessThan(9.1);
		expect(pull.endUs / 1e6).toBeGreaterThan(14);
		expect(pull.endUs / 1e6).toBeLessThan(14.1);
		expect(pull.rpmEnd - pull.rpmStart).toBeGreaterThan(1000);
		expect(pull.verdict).toBe('critical');
		expect(pull.events.map((i) => overboost.events[i].ruleId)).toContain('overboost');
		expect(overboost.verdict).toBe('critical');
	});

	it('gives a healthy pull to the limiter a clean verdict and no events', () => {
		const report = buildSafetyReport(record('wot-pull-3rd', 12), turboPetrolProfile);
		expect(report.events).toEqual([]);
		expect(report.verdict).toBe('clean');
		expect(report.pulls.map((p) => p.verdict)).toEqual(['clean']);
		expect(report.pulls[0].rpmEnd).toBeGreaterThan(6800);
		// Nothing stays beyond a limit long enough to matter (lambda reads free air for a frame at the lift).
		expect(Math.max(...report.thresholds.map((t) => t.timeUs))).toBeLessThan(50_000);
	});

	it('validates against its versioned schema and names the profile it judged by', () => {
		expect(v.parse(SafetyReportSchema, JSON.parse(JSON.stringify(overboost)))).toEqual(overboost);
		expect(overboost).toMatchObject({
			version: 1,
			profile: { id: 'turbo-petrol', version: 1 }
		});
		expect(overboost.unavailable).toEqual([]);
	});

	it('is deterministic: the same samples in any channel order give the same JSON', () => {
		const log = record('knock-burst-cyl3', 11);
		const shuffled = Object.fromEntries(Object.entries(log).reverse());
		expect(JSON.stringify(buildSafetyReport(shuffled, turboPetrolProfile))).toBe(
			JSON.stringify(buildSafetyReport(log, turboPetrolProfile))
		);
	});

	it('adds up the time the value spent beyond each threshold', () => {
		const log = {
			EGT: every10ms(4000, (ms) => (ms < 1000 ? 800 : ms < 2000 ? 920 : ms < 2500 ? 960 : 800))
		};
		const report = buildSafetyReport(log, profileWith([egtRule]));
		expect(report.thresholds).toEqual([
			{
				ruleId: 'egt',
				label: 'EGT',
				channel: 'EGT',
				level: 'warn',
				direction: 'high',
				limit: 900,
				timeUs: 1_500_000
			},
			{
				ruleId: 'egt',
				label: 'EGT',
				channel: 'EGT',
				level: 'critical',
				direction: 'high',
				limit: 950,
				timeUs: 500_000
			}
		]);
		expect(report.events).toEqual([
			{
				ruleId: 'egt',
				label: 'EGT',
				kind: 'bounds',
				channel: 'EGT',
				level: 'critical',
				status: 'live',
				startUs: 1_000_000,
				endUs: 2_500_000,
				durationUs: 1_500_000,
				ongoing: false,
				peak: 960,
				limit: 900,
				direction: 'high'
			}
		]);
		expect(report).toMatchObject({ durationUs: 3_990_000, samples: 400, verdict: 'critical' });
	});

	it('reports a channel that stops as a signal-lost event, and one still raised at the end as ongoing', () => {
		const log = {
			EGT: every10ms(1000, () => 700),
			RPM: every10ms(3000, () => 3000),
			IAT: every10ms(3000, (ms) => (ms < 2500 ? 30 : 75))
		};
		const iat = { kind: 'bounds' as const, id: 'iat', channel: 'IAT', warnHigh: 60 };
		const report = buildSafetyReport(log, profileWith([egtRule, iat]));
		expect(report.events.map((e) => [e.ruleId, e.status, e.level, e.ongoing, e.peak])).toEqual([
			['egt', 'signal-lost', 'warn', true, null],
			['iat', 'live', 'warn', true, 75]
		]);
		// Last EGT sample at 0.99 s; lost once more than 5 × 10 ms (the 50 ms floor) has passed.
		expect(report.events[0].startUs).toBe(1_050_000);
		expect(report.events[1]).toMatchObject({ startUs: 2_500_000, endUs: 2_990_000 });
	});

	it('handles an empty log and refuses ragged channels', () => {
		expect(buildSafetyReport({}, turboPetrolProfile)).toMatchObject({
			durationUs: 0,
			samples: 0,
			verdict: 'clean',
			events: [],
			pulls: []
		});
		expect(() => buildSafetyReport({ EGT: { t: [0, 1], v: [1] } }, profileWith([egtRule]))).toThrow(
			new TypeError('channel "EGT" has 2 times but 1 values')
		);
	});
});

describe('pull detection', () => {
	const rpm = every10ms(10_000, (ms) => 2000 + ms / 2);

	it('finds wide-open-throttle spans with rpm rising, with hysteresis on the pedal', () => {
		const throttle = every10ms(10_000, (ms) =>
			ms < 1000 ? 20 : ms < 4000 ? (ms === 2500 ? 85 : 100) : ms < 6000 ? 10 : ms < 6500 ? 100 : 0
		);
		expect(detectPulls(throttle, rpm)).toEqual([
			{ startUs: 1_000_000, endUs: 4_000_000, rpmStart: 2500, rpmEnd: 4000 }
		]);
	});

	it('ignores full throttle with the rpm held (a hill, the limiter in neutral)', () => {
		const flat = every10ms(10_000, () => 3000);
		expect(
			detectPulls(
				every10ms(10_000, () => 100),
				flat
			)
		).toEqual([]);
	});
});
