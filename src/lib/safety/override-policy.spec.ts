import { describe, expect, it } from 'vitest';
import {
	authorizeSafetyAction,
	maySilence,
	OverrideNotPermittedError,
	OverrideReasonRequiredError
} from './override-policy';

describe('safety override policy', () => {
	it('lets a technician or the owner acknowledge or override a critical rule with a reason', () => {
		for (const role of ['technician', 'owner'] as const)
			for (const action of ['acknowledge', 'override'] as const)
				expect(
					authorizeSafetyAction({ role, action, level: 'critical', reason: '  new sensor fitted ' })
				).toBe('new sensor fitted');
	});

	it('refuses a tuner or the front desk on a critical rule, with a typed error', () => {
		for (const role of ['tuner', 'front_desk'] as const)
			for (const action of ['acknowledge', 'override'] as const) {
				const attempt = () =>
					authorizeSafetyAction({ role, action, level: 'critical', reason: 'x' });
				expect(attempt).toThrow(OverrideNotPermittedError);
				expect(attempt).toThrow(
					`a ${role.replace('_', ' ')} may not ${action} a critical safety rule`
				);
			}
	});

	it('requires a reason for an override and for acknowledging a critical', () => {
		expect(() =>
			authorizeSafetyAction({
				role: 'technician',
				action: 'acknowledge',
				level: 'critical',
				reason: ' '
			})
		).toThrow(OverrideReasonRequiredError);
		expect(() =>
			authorizeSafetyAction({ role: 'owner', action: 'override', level: 'warn', reason: '' })
		).toThrow(OverrideReasonRequiredError);
	});

	it('lets a tuner acknowledge a warning without a reason, but never override', () => {
		expect(
			authorizeSafetyAction({ role: 'tuner', action: 'acknowledge', level: 'warn', reason: '' })
		).toBe('');
		expect(maySilence('tuner', 'override', 'warn')).toBe(false);
		expect(maySilence('front_desk', 'acknowledge', 'warn')).toBe(false);
	});
});
