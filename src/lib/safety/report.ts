import { profileChannels } from './profile-channels';
import type { SafetyProfile } from './profile-schema';
import { detectPulls, type ChannelSamples, type PullOptions } from './pull-detect';
import {
	SAFETY_REPORT_VERSION,
	type PullVerdict,
	type SafetyEvent,
	type SafetyReport,
	type ThresholdTime
} from './report-schema';
import type { RuleRuntime } from './rule-runtime';
import type { SafetyRule } from './rule-schema';
import { SafetyEngine } from './safety-engine';
import type { SafetyVerdict } from './verdict';

export type { ChannelSamples } from './pull-detect';

export interface SafetyReportOptions extends PullOptions {
	/** The throttle channel for pull detection. @default the profile's MAP-plausibility throttle, else 'ThrottlePosition' */
	throttle?: string;
	/** The engine-speed channel. @default the profile's MAP-plausibility rpm, else 'EngineSpeed' */
	rpm?: string;
	/** Expected sample periods, as for the live engine; learned from the data when absent. */
	periodsUs?: Readonly<Record<string, number>>;
}

/** One interval of held state counts at most this long toward time-above-threshold, so a gap in a log is not. */
const MAX_HOLD_US = 1_000_000;

/**
 * The post-run safety report of a recorded log: its samples are replayed, in time order, through the same
 * SafetyEngine that judged them live, so a report and the live alarms can never disagree about a rule. Latches are
 * dropped for the replay (nobody acknowledges a report), so each event lasts as long as its condition did.
 * Deterministic: the same samples and profile give the same report, byte for byte, wherever it is computed; the
 * server recomputes it from stored samples rather than trusting a client's.
 * @throws TypeError when a channel's time and value arrays differ in length.
 */
export function buildSafetyReport(
	samples: Readonly<Record<string, ChannelSamples>>,
	profile: SafetyProfile,
	options: SafetyReportOptions = {}
): SafetyReport {
	const names = Object.keys(samples).sort();
	for (const name of names)
		if (samples[name].t.length !== samples[name].v.length)
			throw new TypeError(
				`channel "${name}" has ${samples[name].t.length} times but ${samples[name].v.length} values`
			);
	const events: SafetyEvent[] = [];
	const open = new Map<string, SafetyEvent>();
	const engine = new SafetyEngine({
		profile: { ...profile, rules: profile.rules.map(withoutLatch) },
		channels: names,
		periodsUs: options.periodsUs,
		onVerdict: (verdict) => track(verdict, open, events)
	});
	const rules = engine.rules;
	const byId = new Map(rules.map((r) => [r.id, r]));
	const beyondUs = new Float64Array(rules.length * 4);
	const replay = mergeReplay(names.map((n) => samples[n]));
	const judged = new Set(profileChannels(profile));
	const counted = Uint8Array.from(names, (n) => (judged.has(n) ? 1 : 0));
	let total = 0;
	let lastT = Number.NaN;
	let endUs = 0;
	for (let next = replay(); next !== undefined; next = replay()) {
		const { channel, t, value } = next;
		if (counted[channel] === 1 && value - value === 0 && t - t === 0) total++;
		if (t === t && t > lastT) {
			accumulate(rules, beyondUs, Math.min(t - lastT, MAX_HOLD_US));
			lastT = t;
		} else if (lastT !== lastT && t === t) lastT = t;
		if (t > endUs) endUs = t;
		engine.sample(channel, value, t);
		for (const event of open.values()) updatePeak(event, byId.get(event.ruleId)!);
	}
	for (const event of open.values()) {
		event.endUs = Math.max(event.startUs, us(endUs));
		event.durationUs = event.endUs - event.startUs;
		event.ongoing = true;
	}
	events.sort((a, b) => a.startUs - b.startUs || (a.ruleId < b.ruleId ? -1 : 1));
	const pulls = findPulls(samples, profile, options, events);
	return {
		version: SAFETY_REPORT_VERSION,
		profile: { id: profile.id, name: profile.name, version: profile.version },
		durationUs: us(endUs),
		samples: total,
		verdict: worst(events),
		events,
		thresholds: thresholdTimes(rules, beyondUs),
		pulls,
		unavailable: engine.unavailable.map((u) => ({ ruleId: u.ruleId, missing: [...u.missing] }))
	};
}

function withoutLatch(rule: SafetyRule): SafetyRule {
	const copy = { ...rule };
	delete copy.latch;
	return copy;
}

const us = (t: number) => Math.max(0, Math.round(t));
const RANK = { warn: 1, critical: 2 } as const;

/** Verdict changes → events: one per stretch of a rule above ok, split where it goes from live to lost. */
function track(
	verdict: SafetyVerdict,
	open: Map<string, SafetyEvent>,
	events: SafetyEvent[]
): void {
	const status = verdict.status === 'live' ? 'live' : 'signal-lost';
	const current = open.get(verdict.ruleId);
	const t = us(verdict.timeUs);
	if (current && (verdict.level === 'ok' || current.status !== status)) {
		current.endUs = Math.max(current.startUs, t);
		current.durationUs = current.endUs - current.startUs;
		open.delete(verdict.ruleId);
	}
	if (verdict.level === 'ok') return;
	const event = open.get(verdict.ruleId);
	if (event) {
		if (RANK[verdict.level] > RANK[event.level]) event.level = verdict.level;
		if (event.limit === null && verdict.limit !== undefined) {
			event.limit = verdict.limit;
			event.direction = verdict.direction ?? null;
		}
		return;
	}
	const created: SafetyEvent = {
		ruleId: verdict.ruleId,
		label: verdict.label,
		kind: verdict.kind,
		channel: verdict.channel,
		level: verdict.level,
		status,
		startUs: t,
		endUs: t,
		durationUs: 0,
		ongoing: false,
		peak: status === 'live' && Number.isFinite(verdict.value) ? verdict.value : null,
		limit: verdict.limit ?? null,
		direction: verdict.direction ?? null
	};
	open.set(verdict.ruleId, created);
	events.push(created);
}

function updatePeak(event: SafetyEvent, rule: RuleRuntime): void {
	const value = rule.value;
	if (event.status !== 'live' || rule.status !== 'live' || !(value - value === 0)) return;
	const low = event.direction === 'low';
	if (event.peak === null || (low ? value < event.peak : value > event.peak)) event.peak = value;
}

/** Adds `dt` to each threshold the rule's value was beyond while it was live and its conditions held. */
function accumulate(rules: readonly RuleRuntime[], beyondUs: Float64Array, dt: number): void {
	for (let i = 0; i < rules.length; i++) {
		const r = rules[i];
		const v = r.value;
		if (r.status !== 'live' || r.gated || !(v - v === 0)) continue;
		if (v >= r.warnHigh) beyondUs[i * 4] += dt;
		if (v >= r.critHigh) beyondUs[i * 4 + 1] += dt;
		if (v <= r.warnLow) beyondUs[i * 4 + 2] += dt;
		if (v <= r.critLow) beyondUs[i * 4 + 3] += dt;
	}
}

function thresholdTimes(rules: readonly RuleRuntime[], beyondUs: Float64Array): ThresholdTime[] {
	const out: ThresholdTime[] = [];
	rules.forEach((r, i) => {
		const entries = [
			['warn', 'high', r.warnHigh],
			['critical', 'high', r.critHigh],
			['warn', 'low', r.warnLow],
			['critical', 'low', r.critLow]
		] as const;
		entries.forEach(([level, direction, limit], k) => {
			if (limit !== limit) return;
			const timeUs = us(beyondUs[i * 4 + k]);
			const channel = r.primaryChannel;
			out.push({ ruleId: r.id, label: r.label, channel, level, direction, limit, timeUs });
		});
	});
	return out;
}

/**
 * A k-way merge of the channels by time (ties in channel order), one sample per call, without building the
 * merged list: a 10-minute 1 kHz log is millions of samples.
 */
function mergeReplay(series: readonly ChannelSamples[]) {
	const at = new Int32Array(series.length);
	const sample = { channel: 0, t: 0, value: 0 };
	return (): typeof sample | undefined => {
		let best = -1;
		let bestT = Infinity;
		for (let c = 0; c < series.length; c++) {
			const i = at[c];
			if (i >= series[c].t.length) continue;
			const t = series[c].t[i];
			// A non-finite time sorts first, so it is handed to the engine (which refuses it) at once.
			if (best < 0 || !(t >= bestT)) {
				best = c;
				bestT = t;
			}
		}
		if (best < 0) return undefined;
		sample.channel = best;
		sample.t = bestT;
		sample.value = series[best].v[at[best]++];
		return sample;
	};
}

function findPulls(
	samples: Readonly<Record<string, ChannelSamples>>,
	profile: SafetyProfile,
	options: SafetyReportOptions,
	events: readonly SafetyEvent[]
): SafetyReport['pulls'] {
	const plausibility = profile.rules.find((r) => r.kind === 'map-plausibility');
	const throttle = samples[options.throttle ?? plausibility?.throttle ?? 'ThrottlePosition'];
	const rpm = samples[options.rpm ?? plausibility?.rpm ?? 'EngineSpeed'];
	if (!throttle || !rpm) return [];
	return detectPulls(throttle, rpm, options).map((span) => {
		const startUs = us(span.startUs);
		const endUs = us(span.endUs);
		const overlapping = events
			.map((e, index) => ({ e, index }))
			.filter(({ e }) => e.startUs <= endUs && e.endUs >= startUs);
		return {
			startUs,
			endUs,
			durationUs: endUs - startUs,
			rpmStart: span.rpmStart,
			rpmEnd: span.rpmEnd,
			verdict: worst(overlapping.map(({ e }) => e)),
			events: overlapping.map(({ index }) => index)
		};
	});
}

function worst(events: readonly SafetyEvent[]): PullVerdict {
	if (events.some((e) => e.level === 'critical')) return 'critical';
	return events.length > 0 ? 'warning' : 'clean';
}
