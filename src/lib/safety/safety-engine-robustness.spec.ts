import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedProfiles } from './default-profiles';
import { profileChannels } from './profile-channels';
import type { SafetyRule } from './rule-schema';
import { SafetyEngine } from './safety-engine';
import { profileWith } from './test-profile.test-helper';
import type { SafetyVerdict } from './verdict';

const channels = ['A', 'B', 'C', 'D'];
const when = [{ channel: 'D', above: 0, forMs: 5 }];

const RULES: Record<SafetyRule['kind'], SafetyRule> = {
	bounds: {
		kind: 'bounds',
		id: 'r',
		channel: 'A',
		warnHigh: 1,
		critHigh: 2,
		warnLow: -1,
		critLow: -2,
		hysteresis: 0.1,
		forMs: 3,
		latch: 'critical',
		when
	},
	rate: { kind: 'rate', id: 'r', channel: 'A', windowMs: 20, warnHigh: 10, critLow: -10, when },
	difference: {
		kind: 'difference',
		id: 'r',
		a: 'A',
		b: 'B',
		warnHigh: 1,
		critHigh: 5,
		latch: 'warn',
		when
	},
	'injector-duty': {
		kind: 'injector-duty',
		id: 'r',
		rpm: 'A',
		pulseWidth: 'B',
		warnHigh: 80,
		critHigh: 85,
		when
	},
	'map-plausibility': {
		kind: 'map-plausibility',
		id: 'r',
		map: 'A',
		rpm: 'B',
		throttle: 'C',
		rpmAxis: [0, 1],
		throttleAxis: [0, 1],
		min: [
			[0, 0],
			[0, 0]
		],
		max: [
			[1, 1],
			[1, 1]
		],
		warnHigh: 0.5,
		when
	},
	'knock-retard': {
		kind: 'knock-retard',
		id: 'r',
		channels: ['A', 'B', 'C'],
		warnHigh: 3,
		critHigh: 6,
		when
	},
	'knock-count': {
		kind: 'knock-count',
		id: 'r',
		channel: 'A',
		windowMs: 20,
		wrap: 16,
		warnHigh: 2,
		critHigh: 4,
		when
	},
	'knock-energy': {
		kind: 'knock-energy',
		id: 'r',
		channel: 'A',
		rpm: 'B',
		rpmBands: [0.5],
		learnSamples: 3,
		input: 'amplitude',
		warnHigh: 2,
		critHigh: 4,
		when
	}
};

const value = fc.oneof(
	fc.double(),
	fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0, 1e308, -1e308, 5e-324),
	fc.integer({ min: -20, max: 20 })
);
/** Steps, repeats, small and large jumps back, and non-finite stamps. */
const timeStep = fc.oneof(
	fc.integer({ min: 0, max: 5000 }),
	fc.constantFrom(0, -1, -3_000_000, Number.NaN, Infinity, -Infinity)
);
const op = fc.oneof(
	{
		weight: 20,
		arbitrary: fc.record({
			kind: fc.constant('sample' as const),
			channel: fc.integer({ min: -1, max: 4 }),
			value,
			dt: timeStep
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), dt: timeStep }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const) }) }
);

function expectDefined(verdict: SafetyVerdict): void {
	expect(['ok', 'warn', 'critical']).toContain(verdict.level);
	expect(['ok', 'warn', 'critical']).toContain(verdict.previousLevel);
	expect(['live', 'signal-lost', 'disconnected']).toContain(verdict.status);
	expect(Number.isFinite(verdict.timeUs)).toBe(true);
	expect(typeof verdict.value).toBe('number');
	expect(Array.isArray(verdict.actions)).toBe(true);
	if (verdict.status !== 'live') expect(verdict.value).toBeNaN();
}

describe('SafetyEngine robustness', () => {
	for (const [kind, rule] of Object.entries(RULES)) {
		it(`never throws and always gives a defined verdict for a ${kind} rule fed hostile streams`, () => {
			fc.assert(
				fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
					const seen: SafetyVerdict[] = [];
					const engine = new SafetyEngine({
						profile: profileWith([rule]),
						channels,
						ranges: { C: [-10, 10] },
						onVerdict: (v) => seen.push(v)
					});
					let t = 1_000_000;
					for (const o of ops) {
						if (o.kind === 'sample') {
							t += Number.isFinite(o.dt) ? o.dt : 0;
							engine.sample(o.channel, o.value, Number.isFinite(o.dt) ? t : o.dt);
						} else if (o.kind === 'tick') {
							t += Number.isFinite(o.dt) ? o.dt : 0;
							engine.tick(t);
						} else if (o.kind === 'disconnect') engine.disconnect();
						else engine.acknowledge('r');
					}
					seen.forEach(expectDefined);
					engine.verdicts().forEach(expectDefined);
					for (let i = 1; i < seen.length; i++)
						if (seen[i].status === 'live' && seen[i - 1].status === 'live')
							expect(seen[i].timeUs).toBeGreaterThanOrEqual(seen[i - 1].timeUs);
				}),
				{ numRuns: 300 }
			);
		});
	}

	for (const profile of shippedProfiles) {
		it(`never throws with every rule of the shipped ${profile.id} profile fed hostile streams`, () => {
			const names = profileChannels(profile);
			const stream = fc.array(
				fc.record({ channel: fc.nat({ max: names.length }), value, dt: timeStep }),
				{ maxLength: 600 }
			);
			fc.assert(
				fc.property(stream, (samples) => {
					const seen: SafetyVerdict[] = [];
					const engine = new SafetyEngine({
						profile,
						channels: names,
						periodsUs: { [names[0]]: 1000 },
						onVerdict: (v) => seen.push(v)
					});
					expect(engine.unavailable).toEqual([]);
					let t = 0;
					for (const s of samples) {
						t += Number.isFinite(s.dt) ? s.dt : 0;
						engine.sample(s.channel, s.value, Number.isFinite(s.dt) ? t : s.dt);
					}
					engine.tick(t + 10_000_000);
					engine.disconnect();
					seen.forEach(expectDefined);
					expect(engine.verdicts()).toHaveLength(engine.rules.length);
				}),
				{ numRuns: 60 }
			);
		});
	}

	it('treats duplicate timestamps as the same instant, not a division by zero', () => {
		const verdicts: SafetyVerdict[] = [];
		const engine = new SafetyEngine({
			profile: profileWith([{ kind: 'rate', id: 'r', channel: 'A', windowMs: 20, warnHigh: 10 }]),
			channels,
			onVerdict: (v) => verdicts.push(v)
		});
		for (let i = 0; i < 50; i++) engine.sample(0, i, 1000);
		expect(verdicts).toEqual([]);
	});

	it('keeps debounce time running across an adapter clock that jumps back', () => {
		const verdicts: SafetyVerdict[] = [];
		const engine = new SafetyEngine({
			profile: profileWith([{ kind: 'bounds', id: 'r', channel: 'A', critHigh: 1, forMs: 10 }]),
			channels,
			onVerdict: (v) => verdicts.push(v)
		});
		engine.sample(0, 5, 5_000_000);
		engine.sample(0, 5, 1_000);
		engine.sample(0, 5, 12_000);
		expect(verdicts.map((v) => [v.level, v.timeUs])).toEqual([['critical', 5_011_000]]);
	});
});
