import { parseProfile } from './profile-merge';
import type { SafetyProfile } from './profile-schema';
import type { SafetyRule } from './rule-schema';
import { SafetyEngine } from './safety-engine';
import type { SafetyVerdict } from './verdict';

export function profileWith(
	rules: SafetyRule[],
	extra: Partial<SafetyProfile> = {}
): SafetyProfile {
	return parseProfile({
		id: 'test',
		name: 'Test',
		version: 1,
		actions: { warn: [{ kind: 'alarm' }], critical: [{ kind: 'alarm' }, { kind: 'stop-write' }] },
		commands: { 'limp-mode': { label: 'Limp mode' } },
		...extra,
		rules
	});
}

/** An engine over named channels whose verdicts are collected, fed by `feed(name, value, ms)`. */
export function harness(
	rules: SafetyRule[],
	channels: string[],
	extra: Partial<SafetyProfile> = {}
) {
	const verdicts: SafetyVerdict[] = [];
	const engine = new SafetyEngine({
		profile: profileWith(rules, extra),
		channels,
		onVerdict: (v) => verdicts.push(v)
	});
	const feed = (name: string, value: number, ms: number) =>
		engine.sample(channels.indexOf(name), value, ms * 1000);
	const last = (ruleId: string) => verdicts.filter((v) => v.ruleId === ruleId).at(-1);
	return { engine, verdicts, feed, last };
}
