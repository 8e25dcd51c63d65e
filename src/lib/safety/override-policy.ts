import type { AuditRole } from './audit-chain';
import type { Level } from './verdict';

/**
 * Who may silence a safety rule (issue "Engine safety", Human override): a technician, or the shop's owner, may
 * acknowledge or override a critical rule, and must say why; a tuner may acknowledge a warning but never a
 * critical, and may not override; the front desk may do neither. Pure, so the worker can grey out the button and
 * the server enforces the same rule before it writes the audit entry.
 */
export type SafetyActionKind = 'acknowledge' | 'override';

export interface SafetyActionRequest {
	role: AuditRole;
	action: SafetyActionKind;
	/** The rule's level when the user acted; an override is judged as critical whatever the level. */
	level: Level;
	reason: string;
}

/** The role may not take this action on a rule at this level. */
export class OverrideNotPermittedError extends Error {
	readonly role: AuditRole;
	readonly action: SafetyActionKind;
	readonly level: Level;
	constructor(request: Omit<SafetyActionRequest, 'reason'>, options?: { cause?: unknown }) {
		super(
			`a ${request.role.replace('_', ' ')} may not ${request.action} a ${request.level} safety rule`,
			options
		);
		this.name = 'OverrideNotPermittedError';
		this.role = request.role;
		this.action = request.action;
		this.level = request.level;
	}
}

/** The action needs a reason and none (or only whitespace) was given. */
export class OverrideReasonRequiredError extends Error {
	constructor(action: SafetyActionKind, options?: { cause?: unknown }) {
		super(`a reason is required to ${action} a critical safety rule`, options);
		this.name = 'OverrideReasonRequiredError';
	}
}

const EXPERTS: readonly AuditRole[] = ['owner', 'technician'];

/** Whether `role` may take `action` on a rule at `level`, before any reason is looked at. */
export function maySilence(role: AuditRole, action: SafetyActionKind, level: Level): boolean {
	if (EXPERTS.includes(role)) return true;
	return role === 'tuner' && action === 'acknowledge' && level !== 'critical';
}

/**
 * Checks a request and returns the reason trimmed.
 * @throws OverrideNotPermittedError for a role that may not act; OverrideReasonRequiredError for an override, or
 *   the acknowledgement of a critical, without a reason.
 */
export function authorizeSafetyAction(request: SafetyActionRequest): string {
	const { role, action, level } = request;
	if (!maySilence(role, action, level))
		throw new OverrideNotPermittedError({ role, action, level });
	const reason = request.reason.trim();
	if (reason === '' && (action === 'override' || level === 'critical'))
		throw new OverrideReasonRequiredError(action);
	return reason;
}
