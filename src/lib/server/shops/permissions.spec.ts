import { describe, expect, it } from 'vitest';
import { JOB_STATUS_NAMES, SHOP_ROLE_NAMES } from '$lib/schemas/shop';
import { jobStatus, shopRole } from '$lib/server/db/schema';
import { PermissionDeniedError } from './errors';
import {
	authorize,
	can,
	JOB_TRANSITIONS,
	nextStatuses,
	PERMISSIONS,
	SHOP_ROLES,
	transitionRoles,
	type Actor
} from './permissions';

const actor = (role: Actor['role']): Actor => ({ shopId: 's', userId: 'u', role });

describe('permission table', () => {
	it('names the same roles and statuses as the database enums and the forms', () => {
		expect([...SHOP_ROLES]).toEqual(shopRole.enumValues);
		expect([...SHOP_ROLE_NAMES]).toEqual(shopRole.enumValues);
		expect([...JOB_STATUS_NAMES]).toEqual(jobStatus.enumValues);
	});

	it('gives each role its own job and no more', () => {
		const allowed = (role: Actor['role']) =>
			Object.keys(PERMISSIONS).filter((p) => can(role, p as keyof typeof PERMISSIONS));
		const reads = ['customers.view', 'vehicles.view', 'jobs.view', 'jobs.note'];
		expect(allowed('owner')).toEqual(Object.keys(PERMISSIONS));
		expect(allowed('front_desk').sort()).toEqual(
			[...reads, 'customers.edit', 'vehicles.edit', 'jobs.book'].sort()
		);
		expect(allowed('technician').sort()).toEqual(
			[...reads, 'jobs.time', 'vehicles.safetyProfile'].sort()
		);
		expect(allowed('tuner').sort()).toEqual(
			[...reads, 'logs.edit', 'tunes.edit', 'vehicles.safetyProfile'].sort()
		);
	});

	it('throws a typed 403-class error naming the role and the permission', () => {
		expect(() => authorize(actor('technician'), 'jobs.book')).toThrow(PermissionDeniedError);
		expect(() => authorize(actor('technician'), 'jobs.book')).toThrow(
			'a technician may not jobs.book'
		);
		expect(() => authorize(actor('front_desk'), 'jobs.book')).not.toThrow();
		expect(can(null, 'jobs.view')).toBe(false);
	});
});

describe('job status flow', () => {
	it('lets the shop walk a job from quote to invoice through the roles that do each step', () => {
		const path = [
			['quoted', 'booked', 'front_desk'],
			['booked', 'in_progress', 'technician'],
			['in_progress', 'awaiting_approval', 'technician'],
			['awaiting_approval', 'in_progress', 'front_desk'],
			['in_progress', 'done', 'technician'],
			['done', 'invoiced', 'front_desk']
		] as const;
		for (const [from, to, role] of path) expect(transitionRoles(from, to)).toContain(role);
	});

	it('has no step that skips ahead, leaves invoiced, or returns to itself', () => {
		expect(transitionRoles('quoted', 'done')).toBeNull();
		expect(transitionRoles('booked', 'invoiced')).toBeNull();
		expect(transitionRoles('awaiting_approval', 'done')).toBeNull();
		for (const s of jobStatus.enumValues) {
			expect(transitionRoles('invoiced', s)).toBeNull();
			expect(transitionRoles(s, s)).toBeNull();
		}
	});

	it('lets an owner take every step and a tuner none', () => {
		for (const t of JOB_TRANSITIONS) {
			expect(t.roles).toContain('owner');
			expect(t.roles).not.toContain('tuner');
		}
	});

	it('offers each role only its own next steps', () => {
		expect(nextStatuses('technician', 'booked')).toEqual(['in_progress']);
		expect(nextStatuses('technician', 'in_progress')).toEqual(['awaiting_approval', 'done']);
		expect(nextStatuses('front_desk', 'in_progress')).toEqual([]);
		expect(nextStatuses('front_desk', 'done')).toEqual(['invoiced']);
		expect(nextStatuses('owner', 'done')).toEqual(['in_progress', 'invoiced']);
	});
});
