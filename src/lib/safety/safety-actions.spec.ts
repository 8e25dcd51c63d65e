import { describe, expect, it } from 'vitest';
import { runSafetyActions } from './safety-actions';
import type { SafetyVerdict } from './verdict';

const verdict = (actions: SafetyVerdict['actions']): SafetyVerdict => ({
	ruleId: 'overboost',
	label: 'Overboost',
	kind: 'difference',
	level: 'critical',
	previousLevel: 'warn',
	status: 'live',
	channel: 'BoostPressure',
	value: 30,
	timeUs: 12_380_000,
	latched: true,
	acknowledged: false,
	actions
});

describe('runSafetyActions', () => {
	it('runs the most protective actions first and passes the command id', () => {
		const calls: string[] = [];
		const errors = runSafetyActions(
			verdict([
				{ kind: 'alarm' },
				{ kind: 'mark-log' },
				{ kind: 'emergency-shutdown' },
				{ kind: 'protective-command', command: 'boost-cut' },
				{ kind: 'stop-write' }
			]),
			{
				alarm: () => calls.push('alarm'),
				markLog: () => calls.push('mark-log'),
				stopWrite: () => calls.push('stop-write'),
				protectiveCommand: (command) => calls.push(`command ${command}`),
				emergencyShutdown: () => calls.push('shutdown')
			}
		);
		expect(errors).toEqual([]);
		expect(calls).toEqual(['stop-write', 'command boost-cut', 'shutdown', 'mark-log', 'alarm']);
	});

	it('keeps going when a handler throws and hands the errors back', () => {
		const calls: string[] = [];
		const failure = new Error('adapter busy');
		const errors = runSafetyActions(verdict([{ kind: 'stop-write' }, { kind: 'alarm' }]), {
			stopWrite: () => {
				throw failure;
			},
			alarm: () => calls.push('alarm')
		});
		expect(errors).toEqual([failure]);
		expect(calls).toEqual(['alarm']);
	});
});
