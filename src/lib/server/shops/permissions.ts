import type { JobStatus, ShopRole } from '$lib/server/db/schema';
import { PermissionDeniedError } from './errors';

/** Who is acting, and in which shop: every shop-scoped server function takes one and scopes its queries by `shopId`. */
export interface Actor {
	shopId: string;
	userId: string;
	role: ShopRole;
}

export const SHOP_ROLES = [
	'owner',
	'tuner',
	'technician',
	'front_desk'
] as const satisfies readonly ShopRole[];

const ALL = SHOP_ROLES;

/**
 * What each role may do (ARCHITECTURE.md "Tenancy and roles"; issue 7 "no role can act beyond itself"). Every member
 * may look at the shop's customers, vehicles and jobs, because a technician needs the car and a front desk the
 * job's progress; changing them is each role's own job. The server modules check this table, so a route that
 * forgets to is still refused.
 */
export const PERMISSIONS = {
	/** Invite, change roles, remove members. */
	'members.manage': ['owner'],
	'bays.manage': ['owner'],
	'customers.view': ALL,
	'customers.edit': ['owner', 'front_desk'],
	'vehicles.view': ALL,
	'vehicles.edit': ['owner', 'front_desk'],
	/** Change a vehicle's safety limits: vehicle-safety's PROFILE_EDITOR_ROLES, which should read it from here. */
	'vehicles.safetyProfile': ['owner', 'tuner', 'technician'],
	'jobs.view': ALL,
	/** Create a job, schedule it, assign its bay and technician. */
	'jobs.book': ['owner', 'front_desk'],
	'jobs.note': ALL,
	/** Start, stop and enter time; a technician only for themselves (see `jobs.time.others`). */
	'jobs.time': ['owner', 'technician'],
	'jobs.time.others': ['owner'],
	/** Record, import and share logs; write tunes. */
	'logs.edit': ['owner', 'tuner'],
	'tunes.edit': ['owner', 'tuner']
} as const satisfies Record<string, readonly ShopRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * The job status flow (quoted → booked → in progress → awaiting approval → done → invoiced) with the steps back a
 * shop needs, and who may take each step. A move not listed is illegal for everyone; `done → invoiced` is taken
 * by hand until billing issues invoices.
 */
export const JOB_TRANSITIONS = [
	{ from: 'quoted', to: 'booked', roles: ['owner', 'front_desk'] },
	{ from: 'booked', to: 'quoted', roles: ['owner', 'front_desk'] },
	{ from: 'booked', to: 'in_progress', roles: ['owner', 'technician'] },
	{ from: 'in_progress', to: 'awaiting_approval', roles: ['owner', 'technician'] },
	{ from: 'in_progress', to: 'done', roles: ['owner', 'technician'] },
	/** The customer answered: the front desk records it and work resumes. */
	{ from: 'awaiting_approval', to: 'in_progress', roles: ['owner', 'front_desk'] },
	{ from: 'done', to: 'in_progress', roles: ['owner'] },
	{ from: 'done', to: 'invoiced', roles: ['owner', 'front_desk'] }
] as const satisfies readonly { from: JobStatus; to: JobStatus; roles: readonly ShopRole[] }[];

export function can(role: ShopRole | null | undefined, permission: Permission): boolean {
	return role != null && (PERMISSIONS[permission] as readonly ShopRole[]).includes(role);
}

/** @throws PermissionDeniedError when the actor's role lacks `permission`. */
export function authorize(actor: Actor, permission: Permission): void {
	if (!can(actor.role, permission)) throw new PermissionDeniedError(actor.role, permission);
}

/** The roles that may move a job from `from` to `to`, or null when the flow has no such step. */
export function transitionRoles(from: JobStatus, to: JobStatus): readonly ShopRole[] | null {
	return JOB_TRANSITIONS.find((t) => t.from === from && t.to === to)?.roles ?? null;
}

/** The statuses `role` may move a job in `from` to, in flow order. */
export function nextStatuses(role: ShopRole, from: JobStatus): JobStatus[] {
	return JOB_TRANSITIONS.filter(
		(t) => t.from === from && (t.roles as readonly ShopRole[]).includes(role)
	).map((t) => t.to);
}
