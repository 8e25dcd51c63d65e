import * as v from 'valibot';

/**
 * Safety rules as data. The worker compiles them into the engine; the server re-validates the same objects when a
 * profile or a per-vehicle override is saved, so nothing here may depend on the runtime.
 */
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Finite = v.pipe(v.number(), v.finite());
const NonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const Positive = v.pipe(v.number(), v.finite(), v.minValue(1e-9));
const Millis = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(3_600_000));

export const LevelSchema = v.picklist(['ok', 'warn', 'critical']);
export const AlarmLevelSchema = v.picklist(['warn', 'critical']);

export const SafetyActionSchema = v.variant('kind', [
	/** Visual and audible alarm. */
	v.strictObject({ kind: v.literal('alarm') }),
	/** A marker in the log being recorded. */
	v.strictObject({ kind: v.literal('mark-log') }),
	/** Abort any ECU write or flash in progress. */
	v.strictObject({ kind: v.literal('stop-write') }),
	/** Send the profile's command with this id through the adapter (limp-mode request, boost cut, …). */
	v.strictObject({ kind: v.literal('protective-command'), command: Name }),
	/** Stop all transmit and alert. */
	v.strictObject({ kind: v.literal('emergency-shutdown') })
]);

export const ActionsByLevelSchema = v.strictObject({
	warn: v.optional(v.array(SafetyActionSchema)),
	critical: v.optional(v.array(SafetyActionSchema))
});

/**
 * A gate on another channel's latest value. It holds only while that value is fresh (the channel is not signal
 * lost and its newest sample is within `maxAgeMs`), has been on the right side for `forMs`, and once true stays
 * true until the value is back past the limit by `hysteresis`.
 */
export const ConditionSchema = v.pipe(
	v.strictObject({
		channel: Name,
		above: v.optional(Finite),
		below: v.optional(Finite),
		/** @default 0 */
		hysteresis: v.optional(NonNegative),
		/** @default 0 */
		forMs: v.optional(Millis),
		/** Older than this counts as stale. @default 500 */
		maxAgeMs: v.optional(Millis)
	}),
	v.check((c) => c.above !== undefined || c.below !== undefined, 'a condition needs above or below')
);

const thresholds = {
	warnHigh: v.optional(Finite),
	critHigh: v.optional(Finite),
	warnLow: v.optional(Finite),
	critLow: v.optional(Finite),
	/** Distance back inside a threshold before its level clears, in the rule's units. @default 0 */
	hysteresis: v.optional(NonNegative)
};

const common = {
	id: Name,
	label: v.optional(v.pipe(v.string(), v.maxLength(120))),
	/** @default true */
	enabled: v.optional(v.boolean()),
	/** The level must hold this long before it is raised ("above X for N ms"). @default 0 */
	forMs: v.optional(Millis),
	/** Once this level is reached the verdict stays at least there until acknowledged. */
	latch: v.optional(AlarmLevelSchema),
	/** Level reported while an input is signal lost. @default the profile's watchdog.lostLevel */
	lostLevel: v.optional(LevelSchema),
	when: v.optional(v.array(ConditionSchema)),
	actions: v.optional(ActionsByLevelSchema),
	...thresholds
};

export const BoundsRuleSchema = v.strictObject({
	kind: v.literal('bounds'),
	channel: Name,
	...common
});

/** Change per second, measured against the sample about `windowMs` ago; rises are positive. */
export const RateRuleSchema = v.strictObject({
	kind: v.literal('rate'),
	channel: Name,
	windowMs: v.pipe(v.number(), v.finite(), v.minValue(10), v.maxValue(600_000)),
	...common
});

/** `a − b`: boost against target (overboost, creep), oil against coolant, and so on. */
export const DifferenceRuleSchema = v.strictObject({
	kind: v.literal('difference'),
	a: Name,
	b: Name,
	...common
});

/** Duty % = pulse width (ms) × rpm × injectionsPerCycle / 1200; thresholds are in %. */
export const InjectorDutyRuleSchema = v.strictObject({
	kind: v.literal('injector-duty'),
	rpm: Name,
	pulseWidth: Name,
	/** 1 for sequential (one injection per 720°), 2 for batch fire. @default 1 */
	injectionsPerCycle: v.optional(v.picklist([1, 2])),
	...common
});

const Axis = v.pipe(
	v.array(Finite),
	v.minLength(2),
	v.maxLength(32),
	v.check((a) => a.every((x, i) => i === 0 || x > a[i - 1]), 'axis must be strictly increasing')
);

/**
 * A manifold pressure sensor checked against the band a healthy engine shows for the rpm and throttle; the value
 * classified is how far outside the band it reads (0 inside), in kPa.
 */
export const MapPlausibilityRuleSchema = v.pipe(
	v.strictObject({
		kind: v.literal('map-plausibility'),
		map: Name,
		rpm: Name,
		throttle: Name,
		rpmAxis: Axis,
		throttleAxis: Axis,
		/** [throttle row][rpm column], kPa absolute. */
		min: v.array(v.array(Finite)),
		max: v.array(v.array(Finite)),
		...common
	}),
	v.check(
		(r) =>
			[r.min, r.max].every(
				(t) =>
					t.length === r.throttleAxis.length && t.every((row) => row.length === r.rpmAxis.length)
			) && r.min.every((row, i) => row.every((x, j) => x <= r.max[i][j])),
		'min and max must be throttleAxis × rpmAxis tables with min ≤ max'
	)
);

/** The largest retard across the cylinders that have a channel; the verdict names the worst cylinder. */
export const KnockRetardRuleSchema = v.strictObject({
	kind: v.literal('knock-retard'),
	channels: v.pipe(v.array(Name), v.minLength(1), v.maxLength(16)),
	...common
});

/** Knock events counted in the last `windowMs` from a wrapping event counter. */
export const KnockCountRuleSchema = v.strictObject({
	kind: v.literal('knock-count'),
	channel: Name,
	windowMs: v.pipe(v.number(), v.finite(), v.minValue(10), v.maxValue(600_000)),
	/** The counter's modulus. @default 65536 */
	wrap: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2))),
	...common
});

/**
 * Knock from a knock-sensor signal: the band energy of each sample against a baseline learned per rpm band,
 * classified as the ratio energy / baseline. Samples that are themselves knock (ratio ≥ warnHigh) are kept out of
 * the baseline, so a burst cannot teach the detector that knock is normal.
 */
export const KnockEnergyRuleSchema = v.strictObject({
	kind: v.literal('knock-energy'),
	channel: Name,
	rpm: Name,
	/** Band edges, rpm; band i is [edges[i-1], edges[i]), with open bands below the first and above the last. */
	rpmBands: v.pipe(
		v.array(Finite),
		v.minLength(1),
		v.maxLength(32),
		v.check((a) => a.every((x, i) => i === 0 || x > a[i - 1]), 'bands must be strictly increasing')
	),
	/** 'amplitude' squares the signal; 'energy' takes it as it is (an ECU's integrated knock level). @default 'energy' */
	input: v.optional(v.picklist(['energy', 'amplitude'])),
	/** Samples per band before it is armed. @default 200 */
	learnSamples: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
	/** Baseline EWMA weight of a new sample once armed. @default 0.01 */
	baselineAlpha: v.optional(v.pipe(v.number(), v.minValue(1e-6), v.maxValue(1))),
	...common
});

export const SafetyRuleSchema = v.variant('kind', [
	BoundsRuleSchema,
	RateRuleSchema,
	DifferenceRuleSchema,
	InjectorDutyRuleSchema,
	MapPlausibilityRuleSchema,
	KnockRetardRuleSchema,
	KnockCountRuleSchema,
	KnockEnergyRuleSchema
]);

export type SafetyAction = v.InferOutput<typeof SafetyActionSchema>;
export type ActionsByLevel = v.InferOutput<typeof ActionsByLevelSchema>;
export type Condition = v.InferOutput<typeof ConditionSchema>;
export type SafetyRule = v.InferOutput<typeof SafetyRuleSchema>;
export type RuleKind = SafetyRule['kind'];
