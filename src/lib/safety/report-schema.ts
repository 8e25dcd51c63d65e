import * as v from 'valibot';

/**
 * The post-run safety report of one recorded log, as stored beside the log and shown on the log page and on
 * customer report links. Versioned: a reader that meets a version it does not know recomputes the report from the
 * stored samples instead of guessing. All times are µs since the log started.
 */
export const SAFETY_REPORT_VERSION = 1;

const Us = v.pipe(v.number(), v.integer(), v.minValue(0));
const Finite = v.pipe(v.number(), v.finite());
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(120));
const AlarmLevel = v.picklist(['warn', 'critical']);
export const PullVerdictSchema = v.picklist(['clean', 'warning', 'critical']);

export const SafetyEventSchema = v.strictObject({
	ruleId: Name,
	label: v.pipe(v.string(), v.maxLength(120)),
	kind: Name,
	/** The channel the rule named when the event began (the worst cylinder, the lost input…). */
	channel: Name,
	/** The highest level the event reached. */
	level: AlarmLevel,
	/** `signal-lost`: an input stopped for longer than its period × N; the level is the rule's lost level. */
	status: v.picklist(['live', 'signal-lost']),
	startUs: Us,
	endUs: Us,
	durationUs: Us,
	/** Still raised when the log ended. */
	ongoing: v.boolean(),
	/** The most extreme value the rule measured during the event, in the rule's units; null when lost. */
	peak: v.nullable(Finite),
	/** The threshold crossed first, and on which side. */
	limit: v.nullable(Finite),
	direction: v.nullable(v.picklist(['high', 'low']))
});

/** Time the rule's measured value spent beyond one of its thresholds while the rule was judging. */
export const ThresholdTimeSchema = v.strictObject({
	ruleId: Name,
	label: v.pipe(v.string(), v.maxLength(120)),
	channel: Name,
	level: AlarmLevel,
	direction: v.picklist(['high', 'low']),
	limit: Finite,
	timeUs: Us
});

/** A wide-open-throttle run with rpm rising: what a tuner calls a pull. */
export const PullSchema = v.strictObject({
	startUs: Us,
	endUs: Us,
	durationUs: Us,
	rpmStart: Finite,
	rpmEnd: Finite,
	verdict: PullVerdictSchema,
	/** Indexes into `events` of the events that overlap the pull. */
	events: v.array(v.pipe(v.number(), v.integer(), v.minValue(0)))
});

export const SafetyReportSchema = v.strictObject({
	version: v.literal(SAFETY_REPORT_VERSION),
	profile: v.strictObject({
		id: Name,
		name: Name,
		version: v.pipe(v.number(), v.integer(), v.minValue(1))
	}),
	/** Latest sample time. */
	durationUs: Us,
	/** Samples judged: finite values on the channels the profile's rules read (other channels do not count). */
	samples: v.pipe(v.number(), v.integer(), v.minValue(0)),
	verdict: PullVerdictSchema,
	events: v.array(SafetyEventSchema),
	thresholds: v.array(ThresholdTimeSchema),
	pulls: v.array(PullSchema),
	/** Rules the log could not judge because it lacks their channels. */
	unavailable: v.array(v.strictObject({ ruleId: Name, missing: v.array(Name) }))
});

export type SafetyReport = v.InferOutput<typeof SafetyReportSchema>;
export type SafetyEvent = v.InferOutput<typeof SafetyEventSchema>;
export type ThresholdTime = v.InferOutput<typeof ThresholdTimeSchema>;
export type Pull = v.InferOutput<typeof PullSchema>;
export type PullVerdict = v.InferOutput<typeof PullVerdictSchema>;
