import * as v from 'valibot';

/** The body of `PUT /api/logs/:id`, sent by the recorder before the first chunk. */
export const LogCreateSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
	vehicleId: v.optional(v.string()),
	startedAt: v.pipe(v.string(), v.isoTimestamp()),
	channels: v.pipe(
		v.array(
			v.object({
				name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
				unit: v.optional(v.pipe(v.string(), v.maxLength(32)), ''),
				min: v.optional(v.number()),
				max: v.optional(v.number())
			})
		),
		v.minLength(1),
		v.maxLength(512)
	)
});

export const LogIdSchema = v.pipe(v.string(), v.uuid());
