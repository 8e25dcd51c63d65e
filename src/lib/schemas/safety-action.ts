import * as v from 'valibot';

/** A technician's acknowledgement or override of a safety rule, as the Connect page sends it. */
export const SafetyActionRequestSchema = v.strictObject({
	action: v.picklist(['acknowledge', 'override']),
	ruleId: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
	level: v.picklist(['ok', 'warn', 'critical']),
	reason: v.pipe(v.string(), v.trim(), v.maxLength(1000)),
	/** What the user saw: value, limit, channel. Kept in the audit entry as evidence. */
	context: v.optional(
		v.record(
			v.pipe(v.string(), v.maxLength(40)),
			v.union([v.string(), v.number(), v.boolean(), v.null()])
		)
	)
});
