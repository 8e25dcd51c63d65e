import type { AuditEntry, JsonValue } from '../../safety/audit-chain';
import { authorizeSafetyAction, type SafetyActionKind } from '../../safety/override-policy';
import type { Level } from '../../safety/verdict';
import { appendAuditEntry } from '../audit/chain';
import type { Db } from '../db';
import { getMemberRole } from '../shops/shops';
import { NotFoundError } from '../timeseries/errors';

export interface SafetyActionInput {
	shopId: string;
	userId: string;
	action: SafetyActionKind;
	ruleId: string;
	/** The rule's level when the user acted, from the verdict on their screen. */
	level: Level;
	reason: string;
	/** What the client knew: the verdict (value, limit, channel), the override's duration, the log… */
	context?: { [key: string]: JsonValue };
	at?: Date;
}

/**
 * Authorises a technician's acknowledgement or override of a safety rule against the user's role in the shop
 * (looked up here, never taken from the client) and writes it to the shop's audit chain. Only after this resolves
 * should the client release the latch (`SafetyEngine.acknowledge`) or apply the override (`SafetyEngine.override`).
 * @throws NotFoundError when the user is not a member of the shop; OverrideNotPermittedError for a role that may
 *   not act (a tuner or front desk on a critical rule); OverrideReasonRequiredError without a reason.
 */
export async function recordSafetyAction(db: Db, input: SafetyActionInput): Promise<AuditEntry> {
	const role = await getMemberRole(db, input.userId, input.shopId);
	if (!role) throw new NotFoundError('membership', `${input.userId} in ${input.shopId}`);
	const reason = authorizeSafetyAction({
		role,
		action: input.action,
		level: input.level,
		reason: input.reason
	});
	return appendAuditEntry(db, {
		shopId: input.shopId,
		actor: input.userId,
		role,
		action: input.action,
		ruleId: input.ruleId,
		reason,
		payload: { level: input.level, ...input.context },
		at: input.at
	});
}
