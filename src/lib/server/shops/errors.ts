import type { JobStatus, ShopRole } from '$lib/server/db/schema';

/** The actor's role in the shop does not allow the action (HTTP 403). */
export class PermissionDeniedError extends Error {
	override name = 'PermissionDeniedError';
	readonly role: ShopRole;
	readonly permission: string;
	constructor(role: ShopRole, permission: string, options?: { cause?: unknown }) {
		super(`a ${role.replace('_', ' ')} may not ${permission}`, options);
		this.role = role;
		this.permission = permission;
	}
}

/** The job status flow has no step from `from` to `to`, for anyone (HTTP 409). */
export class IllegalTransitionError extends Error {
	override name = 'IllegalTransitionError';
	readonly from: JobStatus;
	readonly to: JobStatus;
	constructor(from: JobStatus, to: JobStatus, options?: { cause?: unknown }) {
		super(`a job cannot go from ${from.replace('_', ' ')} to ${to.replace('_', ' ')}`, options);
		this.from = from;
		this.to = to;
	}
}

/** The request conflicts with the shop's current state: the last owner leaving, a second running timer (HTTP 409). */
export class ShopConflictError extends Error {
	override name = 'ShopConflictError';
}

/**
 * An invitation token that is unknown, expired, revoked or already used. The four look the same on purpose, so a
 * token cannot be probed for which it is.
 */
export class InvitationInvalidError extends Error {
	override name = 'InvitationInvalidError';
	constructor(options?: { cause?: unknown }) {
		super('This invitation is invalid, expired or already used', options);
	}
}

/** The signed-in account's email is not the one invited: a forwarded link does not admit someone else. */
export class InvitationEmailMismatchError extends Error {
	override name = 'InvitationEmailMismatchError';
	readonly invitedEmail: string;
	constructor(invitedEmail: string, options?: { cause?: unknown }) {
		super(
			`This invitation is for ${invitedEmail}; sign in with that account to accept it`,
			options
		);
		this.invitedEmail = invitedEmail;
	}
}
