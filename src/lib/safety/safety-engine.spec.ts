import { describe, expect, it } from 'vitest';
import { SafetyEngineError } from './errors';
import { SafetyEngine } from './safety-engine';
import { signalPeriodsUs, signalRanges } from './decoder-inputs';
import { harness, profileWith } from './test-profile.test-helper';

const egt = {
	kind: 'bounds' as const,
	id: 'egt',
	channel: 'EGT',
	warnHigh: 900,
	critHigh: 950,
	hysteresis: 10
};

describe('SafetyEngine thresholds', () => {
	it('raises warn then critical at once and names the limit crossed', () => {
		const { feed, verdicts } = harness([egt], ['EGT']);
		feed('EGT', 850, 0);
		feed('EGT', 905, 1);
		feed('EGT', 960, 2);
		expect(verdicts.map((v) => v.level)).toEqual(['warn', 'critical']);
		expect(verdicts[1]).toMatchObject({ limit: 950, direction: 'high', value: 960, timeUs: 2000 });
	});

	it('attaches the level actions to an escalation only', () => {
		const { feed, verdicts } = harness([egt], ['EGT']);
		feed('EGT', 960, 0);
		feed('EGT', 800, 1);
		expect(verdicts[0].actions.map((a) => a.kind)).toEqual(['alarm', 'stop-write']);
		expect(verdicts[1]).toMatchObject({ level: 'ok', actions: [] });
	});

	it('holds a level until the value is back inside by the hysteresis', () => {
		const { feed, verdicts } = harness([egt], ['EGT']);
		feed('EGT', 960, 0);
		feed('EGT', 945, 1);
		expect(verdicts).toHaveLength(1);
		feed('EGT', 939, 2);
		feed('EGT', 889, 3);
		expect(verdicts.map((v) => v.level)).toEqual(['critical', 'warn', 'ok']);
	});

	it('waits for the level to hold forMs before raising it ("above X for N ms")', () => {
		const { feed, verdicts } = harness([{ ...egt, forMs: 100 }], ['EGT']);
		feed('EGT', 960, 0);
		feed('EGT', 960, 50);
		feed('EGT', 800, 60);
		feed('EGT', 960, 70);
		feed('EGT', 960, 169);
		expect(verdicts).toEqual([]);
		feed('EGT', 960, 170);
		expect(verdicts.map((v) => [v.level, v.timeUs])).toEqual([['critical', 170_000]]);
	});

	it('keeps a latched critical after the value clears, until acknowledged', () => {
		const { engine, feed, verdicts } = harness([{ ...egt, latch: 'critical' }], ['EGT']);
		feed('EGT', 960, 0);
		feed('EGT', 800, 1);
		expect(verdicts.map((v) => v.level)).toEqual(['critical']);
		const acknowledged = engine.acknowledge('egt', 2000);
		expect(acknowledged).toMatchObject({ level: 'ok', latched: false });
		feed('EGT', 960, 3);
		expect(verdicts.at(-1)).toMatchObject({ level: 'critical', latched: true });
	});

	it('marks a live alarm acknowledged without clearing it while the value is still high', () => {
		const { engine, feed } = harness([egt], ['EGT']);
		feed('EGT', 960, 0);
		expect(engine.acknowledge('egt')).toMatchObject({ level: 'critical', acknowledged: true });
	});

	it('refuses to acknowledge a rule it does not have', () => {
		const { engine } = harness([egt], ['EGT']);
		expect(() => engine.acknowledge('nope')).toThrow(SafetyEngineError);
	});

	it('flags low limits', () => {
		const rule = { kind: 'bounds' as const, id: 'bat', channel: 'V', warnLow: 12, critLow: 11 };
		const { feed, last } = harness([rule], ['V']);
		feed('V', 10.5, 0);
		expect(last('bat')).toMatchObject({ level: 'critical', direction: 'low' });
	});
});

describe('SafetyEngine conditional rules', () => {
	const lean = {
		kind: 'bounds' as const,
		id: 'lean',
		channel: 'Lambda',
		critHigh: 0.9,
		when: [
			{ channel: 'MAP', above: 150 },
			{ channel: 'RPM', above: 3000 }
		]
	};

	it('judges lambda only while every condition holds (lean under boost)', () => {
		const { feed, verdicts } = harness([lean], ['Lambda', 'MAP', 'RPM']);
		feed('MAP', 100, 0);
		feed('RPM', 4000, 0);
		feed('Lambda', 0.95, 1);
		expect(verdicts).toEqual([]);
		feed('MAP', 180, 2);
		feed('Lambda', 0.95, 3);
		expect(verdicts.map((v) => v.level)).toEqual(['critical']);
	});

	it('does not trust a condition channel whose latest value is too old', () => {
		const { feed, verdicts } = harness([lean], ['Lambda', 'MAP', 'RPM']);
		feed('MAP', 180, 0);
		for (let ms = 0; ms <= 600; ms += 10) feed('RPM', 4000, ms);
		feed('Lambda', 0.95, 600);
		expect(verdicts).toEqual([]);
	});

	it('requires a condition to have held for its forMs', () => {
		const rule = { ...lean, when: [{ channel: 'MAP', above: 150, forMs: 100 }] };
		const { feed, verdicts } = harness([rule], ['Lambda', 'MAP']);
		feed('MAP', 180, 0);
		feed('Lambda', 0.95, 50);
		expect(verdicts).toEqual([]);
		feed('MAP', 180, 100);
		feed('Lambda', 0.95, 101);
		expect(verdicts.map((v) => v.level)).toEqual(['critical']);
	});
});

describe('SafetyEngine physics and rate rules', () => {
	it('computes injector duty as PW × rpm / 1200 for a sequential injector', () => {
		const rule = {
			kind: 'injector-duty' as const,
			id: 'duty',
			rpm: 'RPM',
			pulseWidth: 'PW',
			warnHigh: 80,
			critHigh: 85
		};
		const { feed, last } = harness([rule], ['RPM', 'PW']);
		feed('RPM', 6000, 0);
		feed('PW', 15, 1);
		expect(last('duty')).toBeUndefined();
		feed('PW', 17.5, 2);
		expect(last('duty')).toMatchObject({ level: 'critical', value: 87.5, limit: 85 });
	});

	it('flags boost above target by the margin (overboost)', () => {
		const rule = { kind: 'difference' as const, id: 'ob', a: 'Boost', b: 'Target', critHigh: 25 };
		const { feed, last } = harness([rule], ['Boost', 'Target']);
		feed('Target', 130, 0);
		feed('Boost', 150, 1);
		expect(last('ob')).toBeUndefined();
		feed('Boost', 160, 2);
		expect(last('ob')).toMatchObject({ level: 'critical', value: 30 });
	});

	it('measures the rate of change per second over its window', () => {
		const rule = {
			kind: 'rate' as const,
			id: 'rise',
			channel: 'EGT',
			windowMs: 1000,
			warnHigh: 150
		};
		const { feed, last } = harness([rule], ['EGT']);
		for (let ms = 0; ms <= 1000; ms += 50) feed('EGT', 700 + ms * 0.1, ms);
		expect(last('rise')).toBeUndefined();
		for (let ms = 1050; ms <= 2000; ms += 50) feed('EGT', 800 + (ms - 1000) * 0.2, ms);
		expect(last('rise')).toMatchObject({ level: 'warn', limit: 150 });
		expect(last('rise')!.value).toBeGreaterThanOrEqual(150);
		expect(last('rise')!.value).toBeLessThanOrEqual(200);
	});

	it('flags a MAP sensor that reads outside the band for its rpm and throttle', () => {
		const rule = {
			kind: 'map-plausibility' as const,
			id: 'map',
			map: 'MAP',
			rpm: 'RPM',
			throttle: 'TPS',
			rpmAxis: [0, 8000],
			throttleAxis: [0, 100],
			min: [
				[10, 10],
				[50, 50]
			],
			max: [
				[80, 80],
				[300, 300]
			],
			warnHigh: 10
		};
		const { feed, last } = harness([rule], ['MAP', 'RPM', 'TPS']);
		feed('RPM', 850, 0);
		feed('TPS', 0, 0);
		feed('MAP', 33, 1);
		expect(last('map')).toBeUndefined();
		feed('MAP', 100, 2);
		expect(last('map')).toMatchObject({ level: 'warn', value: 20 });
	});

	it('names the worst cylinder for knock retard', () => {
		const rule = {
			kind: 'knock-retard' as const,
			id: 'kr',
			channels: ['K1', 'K2', 'K3', 'K4'],
			warnHigh: 3
		};
		const { feed, last } = harness([rule], ['K1', 'K2', 'K3']);
		feed('K1', 0, 0);
		feed('K2', 1, 0);
		feed('K3', 4, 0);
		expect(last('kr')).toMatchObject({ level: 'warn', channel: 'K3', value: 4 });
	});

	it('counts knock events per window across the counter wrapping', () => {
		const rule = {
			kind: 'knock-count' as const,
			id: 'kc',
			channel: 'KC',
			windowMs: 1000,
			wrap: 4096,
			warnHigh: 4
		};
		const { feed, last } = harness([rule], ['KC']);
		feed('KC', 4094, 0);
		feed('KC', 4095, 100);
		feed('KC', 1, 200);
		expect(last('kc')).toBeUndefined();
		feed('KC', 2, 300);
		expect(last('kc')).toMatchObject({ level: 'warn', value: 4 });
		for (let ms = 400; ms <= 1500; ms += 100) feed('KC', 2, ms);
		expect(last('kc')).toMatchObject({ level: 'ok' });
	});

	it('detects knock-sensor energy above the baseline learned for the rpm band', () => {
		const rule = {
			kind: 'knock-energy' as const,
			id: 'ke',
			channel: 'Knock',
			rpm: 'RPM',
			rpmBands: [3000],
			learnSamples: 20,
			warnHigh: 3,
			critHigh: 6
		};
		const { feed, last } = harness([rule], ['Knock', 'RPM']);
		feed('RPM', 2000, 0);
		for (let i = 0; i < 40; i++) feed('Knock', 1 + 0.1 * Math.sin(i), i);
		feed('RPM', 4000, 40);
		// A louder high-rpm band is its own baseline, not knock.
		for (let i = 41; i < 80; i++) feed('Knock', 4 + 0.1 * Math.sin(i), i);
		expect(last('ke')).toBeUndefined();
		feed('Knock', 30, 80);
		expect(last('ke')).toMatchObject({ level: 'critical' });
	});
});

describe('SafetyEngine watchdog and disconnect', () => {
	it('reports signal lost, not the frozen last value, when a channel stops', () => {
		const { engine, feed, last } = harness([egt], ['EGT', 'RPM']);
		for (let ms = 0; ms <= 1000; ms += 10) feed('EGT', 700, ms);
		for (let ms = 1000; ms <= 1100; ms += 1) feed('RPM', 3000, ms);
		expect(last('egt')).toMatchObject({ status: 'signal-lost', level: 'warn', channel: 'EGT' });
		expect(last('egt')!.value).toBeNaN();
		expect(engine.active().map((v) => v.ruleId)).toEqual(['egt']);
		feed('EGT', 700, 1101);
		expect(last('egt')).toMatchObject({ status: 'live', level: 'ok' });
	});

	it('treats a channel that only sends NaN as lost once the period × N passes', () => {
		const { feed, last } = harness([egt], ['EGT', 'RPM']);
		for (let ms = 0; ms <= 500; ms += 10) feed('EGT', 700, ms);
		for (let ms = 500; ms <= 600; ms += 1) {
			feed('EGT', Number.NaN, ms);
			feed('RPM', 1, ms);
		}
		expect(last('egt')).toMatchObject({ status: 'signal-lost' });
	});

	it('lets tick() find a lost channel on an otherwise silent bus', () => {
		const { engine, feed, last } = harness([egt], ['EGT']);
		for (let ms = 0; ms <= 500; ms += 10) feed('EGT', 700, ms);
		engine.tick(600_000);
		expect(last('egt')).toMatchObject({ status: 'signal-lost' });
	});

	it('moves every rule to disconnected, keeping only unacknowledged latches raised', () => {
		const rules = [egt, { ...egt, id: 'egt-latched', latch: 'critical' as const }];
		const { engine, feed, verdicts } = harness(rules, ['EGT']);
		feed('EGT', 960, 0);
		verdicts.length = 0;
		engine.disconnect(5000);
		expect(verdicts.map((v) => [v.ruleId, v.status, v.level])).toEqual([
			['egt', 'disconnected', 'ok'],
			['egt-latched', 'disconnected', 'critical']
		]);
		feed('EGT', 700, 0);
		expect(engine.verdicts().map((v) => v.status)).toEqual(['live', 'live']);
	});

	it('reports rules whose channels the data does not carry instead of failing', () => {
		const { engine } = harness([egt], ['RPM']);
		expect(engine.unavailable).toEqual([{ ruleId: 'egt', missing: ['EGT'] }]);
	});

	it('drops readings outside the sensor range, so an ECU fault code goes signal lost, not judged', () => {
		const verdicts: string[] = [];
		const engine = new SafetyEngine({
			profile: profileWith([egt]),
			channels: ['EGT'],
			periodsUs: { EGT: 10_000 },
			ranges: { EGT: [0, 1250] },
			onVerdict: (v) => verdicts.push(`${v.status} ${v.level} ${v.value}`)
		});
		for (let ms = 0; ms <= 100; ms += 10) engine.sample(0, 700, ms * 1000);
		for (let ms = 110; ms <= 200; ms += 10) engine.sample(0, -3276.8, ms * 1000);
		expect(engine.rejected).toBe(10);
		for (let ms = 110; ms <= 200; ms += 10) engine.tick(ms * 1000);
		expect(verdicts).toEqual(['signal-lost warn NaN']);
		engine.sample(0, 1250, 210_000);
		expect(verdicts.at(-1)).toBe('live critical 1250');
	});

	it('refuses a range that is not [min, max] with min below max', () => {
		const make = (range: unknown) => () =>
			new SafetyEngine({
				profile: profileWith([egt]),
				channels: ['EGT'],
				ranges: { EGT: range as [number, number] }
			});
		expect(make([5, 5])).toThrow(
			new TypeError('SafetyEngine options.ranges.EGT must be [min, max] with min < max, got 5,5')
		);
		expect(make([0, Number.NaN])).toThrow(TypeError);
		expect(make(7)).toThrow(TypeError);
	});

	it('takes ranges from DBC signals, leaving out the [0|0] DBC files write for "unspecified"', () => {
		expect(
			signalRanges([
				{ name: 'CoolantTemp', min: -40, max: 150 },
				{ name: 'Counter', min: 0, max: 0 },
				{ name: 'Raw' }
			])
		).toEqual({ CoolantTemp: [-40, 150] });
	});

	it('takes each signal period from its message GenMsgCycleTime, skipping messages without one', () => {
		const signals = [{ name: 'A' }, { name: 'B' }, { name: 'C' }];
		expect(
			signalPeriodsUs(signals, [
				{ signalIndexes: [0, 1], message: { attributes: { GenMsgCycleTime: 10 } } },
				{ signalIndexes: [2], message: { attributes: { GenMsgCycleTime: 0 } } }
			])
		).toEqual({ A: 10_000, B: 10_000 });
	});
});
