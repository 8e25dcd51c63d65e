import { describe, expect, it } from 'vitest';
import { SafetyEngineError } from './errors';
import { harness } from './test-profile.test-helper';

const boost = {
	kind: 'bounds' as const,
	id: 'boost',
	channel: 'Boost',
	warnHigh: 160,
	critHigh: 180,
	latch: 'critical' as const,
	actions: { critical: [{ kind: 'protective-command' as const, command: 'limp-mode' }] }
};

describe('SafetyEngine overrides', () => {
	it('keeps judging an overridden rule but sends none of its actions', () => {
		const { engine, feed, verdicts } = harness([boost], ['Boost']);
		feed('Boost', 100, 0);
		const granted = engine.override('boost', { durationMs: 60_000, timeUs: 1000 });
		expect(granted).toMatchObject({ level: 'ok', overriddenUntilUs: 60_001_000, actions: [] });
		feed('Boost', 190, 2);
		expect(verdicts.at(-1)).toMatchObject({
			level: 'critical',
			actions: [],
			overriddenUntilUs: 60_001_000
		});
	});

	it('re-sends the critical actions when the override expires with the level still raised', () => {
		const { engine, feed, verdicts } = harness([boost], ['Boost']);
		engine.override('boost', { durationMs: 100, timeUs: 0 });
		for (let ms = 0; ms <= 150; ms += 5) feed('Boost', 190, ms);
		const ended = verdicts.find((v) => v.overriddenUntilUs === undefined)!;
		expect(ended.timeUs).toBeGreaterThanOrEqual(100_000);
		expect(ended.timeUs).toBeLessThanOrEqual(106_000);
		expect(ended).toMatchObject({
			level: 'critical',
			actions: [{ kind: 'protective-command', command: 'limp-mode' }]
		});
	});

	it('ends an override at once on clearOverride and on disconnect', () => {
		const { engine, feed, verdicts } = harness([boost], ['Boost']);
		feed('Boost', 190, 0);
		engine.override('boost', { durationMs: 60_000 });
		expect(engine.clearOverride('boost', 2000)).toMatchObject({
			level: 'critical',
			actions: [{ kind: 'protective-command', command: 'limp-mode' }]
		});
		engine.override('boost', { durationMs: 60_000 });
		engine.disconnect(3000);
		expect(verdicts.at(-1)).toMatchObject({ status: 'disconnected', level: 'critical' });
		expect(verdicts.at(-1)!.overriddenUntilUs).toBeUndefined();
	});

	it('refuses unknown rules and durations outside (0, 1 h]', () => {
		const { engine } = harness([boost], ['Boost']);
		expect(() => engine.override('egt', { durationMs: 1000 })).toThrow(SafetyEngineError);
		expect(() => engine.override('boost', { durationMs: 0 })).toThrow(TypeError);
		expect(() => engine.override('boost', { durationMs: 3_600_001 })).toThrow(TypeError);
		expect(() => engine.override('boost', { durationMs: Number.NaN })).toThrow(TypeError);
	});
});
