import type { Level } from './bounds';
import { ChannelTable } from './channel-table';
import type { ConditionGate } from './condition-gate';
import { compileRules, type UnavailableRule } from './compile-rules';
import { EngineClock } from './engine-clock';
import { SafetyEngineError } from './errors';
import type { SafetyProfile } from './profile-schema';
import { measure } from './rule-kinds';
import { CRITICAL, OK, WARN, type RuleRuntime } from './rule-runtime';
import type { SafetyVerdict } from './verdict';

export interface SafetyEngineOptions {
	/** A validated profile (parseProfile / mergeProfile, or a shipped one). */
	profile: SafetyProfile;
	/** Channel names by index, as the decoder numbers its outputs (DBC signal order). */
	channels: readonly string[];
	/** Expected sample period per channel name, µs (from the DBC's GenMsgCycleTime); others are learned. */
	periodsUs?: Readonly<Record<string, number>>;
	/**
	 * The physical range each channel's sensor can report (the DBC's `[min|max]`). A value outside it is a sensor
	 * fault code (an open-circuit sensor, an ECU's 0x8000 "no reading"), not a measurement: it is dropped like
	 * NaN, so a dead sensor goes signal lost instead of being judged. Channels not named accept any finite value.
	 */
	ranges?: Readonly<Record<string, readonly [min: number, max: number]>>;
	/** Called synchronously, from inside `sample`/`tick`/`disconnect`/`acknowledge`, for every verdict change. */
	onVerdict?(verdict: SafetyVerdict): void;
}

const LEVELS: readonly Level[] = ['ok', 'warn', 'critical'];
/** How often, in engine time, the watchdog looks for channels that went quiet. */
const SWEEP_US = 5000;
/** The longest override one call grants; a longer one must be asked for (and audited) again. */
const MAX_OVERRIDE_MS = 3_600_000;

/**
 * The safety rules engine: fed every decoded sample synchronously in the adapter's worker, it evaluates the rules
 * that read that channel and emits verdict changes at once. The hot path (`sample`) allocates only when a verdict
 * changes. Non-finite values are not readings: NaN (an absent multiplexed signal) and ±Infinity are dropped, so a
 * channel that sends nothing else goes signal lost rather than holding its last value.
 */
export class SafetyEngine {
	readonly unavailable: readonly UnavailableRule[];
	readonly rules: readonly RuleRuntime[];
	private readonly table: ChannelTable;
	private readonly index: Map<string, number>;
	private readonly triggers: RuleRuntime[][];
	private readonly dependents: RuleRuntime[][];
	private readonly gates: ConditionGate[][];
	private readonly watched: Int32Array;
	private readonly lo: Float64Array;
	private readonly hi: Float64Array;
	private readonly byId = new Map<string, RuleRuntime>();
	private readonly current = new Map<RuleRuntime, SafetyVerdict>();
	private readonly clock = new EngineClock();
	private readonly onVerdict?: (verdict: SafetyVerdict) => void;
	private readonly factor: number;
	private readonly minLostUs: number;
	private readonly graceUs: number;
	private startUs = Number.NaN;
	private nextSweepUs = Number.NaN;
	/** Not judging: before the first sample, and after a disconnect until the next one. */
	private idle = true;
	/** Rules with an override in force, so the sweep skips the expiry check when there are none. */
	private overrides = 0;
	/** Samples dropped: non-finite or out-of-range values, unknown channel indexes, or no usable timestamp. */
	rejected = 0;

	constructor(options: SafetyEngineOptions) {
		if (!Array.isArray(options.channels))
			throw new TypeError('SafetyEngine needs options.channels, the channel names by index');
		this.index = new Map(options.channels.map((name, i) => [name, i]));
		this.table = new ChannelTable(options.channels, options.periodsUs);
		[this.lo, this.hi] = rangeArrays(options.channels, options.ranges ?? {});
		const { rules, unavailable } = compileRules(options.profile, this.index);
		this.rules = rules;
		this.unavailable = unavailable;
		this.onVerdict = options.onVerdict;
		const watchdog = options.profile.watchdog ?? {};
		this.factor = watchdog.factor ?? 5;
		this.minLostUs = (watchdog.minLostMs ?? 50) * 1000;
		this.graceUs = (watchdog.startupGraceMs ?? 2000) * 1000;
		this.triggers = options.channels.map(() => []);
		this.dependents = options.channels.map(() => []);
		this.gates = options.channels.map(() => []);
		const watched = new Set<number>();
		for (const rule of rules) {
			this.byId.set(rule.id, rule);
			for (const c of rule.triggers) this.triggers[c].push(rule);
			for (const gate of rule.conditions) this.gates[gate.channelIndex].push(gate);
			for (const c of rule.watched) {
				this.dependents[c].push(rule);
				watched.add(c);
			}
		}
		this.watched = Int32Array.from(watched);
	}

	/** Index of a channel name, or -1. */
	channelIndex(name: string): number {
		return this.index.get(name) ?? -1;
	}

	get nowUs(): number {
		return this.clock.nowUs;
	}

	/** One decoded sample: channel index (as in `channels`), physical value, adapter timestamp in µs. */
	sample(channel: number, value: number, timeUs: number): void {
		const rules = this.triggers[channel];
		if (
			rules === undefined ||
			!(value - value === 0) ||
			value < this.lo[channel] ||
			value > this.hi[channel]
		) {
			this.rejected++;
			return;
		}
		const t = this.clock.at(timeUs);
		if (t !== t) {
			this.rejected++;
			return;
		}
		if (this.idle) this.start(t);
		const gates = this.gates[channel];
		const table = this.table;
		table.record(channel, value, t);
		if (table.lost[channel] === 1) this.restore(channel);
		for (let i = 0; i < gates.length; i++) gates[i].update(value, t);
		for (let i = 0; i < rules.length; i++) this.evaluate(rules[i], channel, t);
		if (!(t < this.nextSweepUs)) this.sweep(t);
	}

	/** Lets the watchdog see time pass on a quiet bus; call it with the adapter clock every few ms. */
	tick(nowUs: number): void {
		if (this.idle) return;
		const t = this.clock.at(nowUs);
		if (t === t) this.sweep(t);
	}

	/**
	 * The adapter is gone: every rule goes to status 'disconnected' with its data and timers forgotten. Its level
	 * drops to ok unless a latch holds it, so an unacknowledged critical stays on screen. Judging resumes from
	 * the next sample, with the startup grace period of a fresh connection.
	 */
	disconnect(timeUs?: number): void {
		const t = this.instant(timeUs);
		this.overrides = 0;
		for (const rule of this.rules) {
			rule.resetState();
			rule.lostInputs = 0;
			rule.status = 'disconnected';
			rule.overrideUntilUs = Number.NaN;
			this.emit(rule, rule.latched, t, '');
		}
		this.table.clear();
		this.clock.reset();
		this.idle = true;
	}

	/**
	 * Releases a rule's latch (and marks its alarm acknowledged); the verdict falls to whatever the data says now.
	 * Who may acknowledge, and the audit entry, are the caller's business.
	 */
	acknowledge(ruleId: string, timeUs?: number): SafetyVerdict | undefined {
		const rule = this.byId.get(ruleId);
		if (!rule) throw new SafetyEngineError(`no rule "${ruleId}" in this engine`);
		const t = this.instant(timeUs);
		rule.latched = OK;
		rule.acknowledged = rule.level > OK;
		const level = rule.status === 'live' ? rule.debounced : rule.level;
		if (level !== rule.level || rule.acknowledged) this.emit(rule, level, t, '');
		return this.current.get(rule);
	}

	/**
	 * Overrides a rule for `durationMs` (at most an hour): it keeps judging and emitting verdicts, marked
	 * `overriddenUntilUs`, but they carry no actions, so no protective command, write stop or shutdown follows
	 * from it. When the override ends (expiry, `clearOverride`, or a disconnect) a still-raised level acts again.
	 * Who may override, and the audit entry, are the caller's business (override-policy.ts, the server's audit).
	 */
	override(
		ruleId: string,
		options: { durationMs: number; timeUs?: number }
	): SafetyVerdict | undefined {
		const rule = this.byId.get(ruleId);
		if (!rule) throw new SafetyEngineError(`no rule "${ruleId}" in this engine`);
		const { durationMs } = options;
		if (!(durationMs > 0 && durationMs <= MAX_OVERRIDE_MS))
			throw new TypeError(
				`override durationMs must be in (0, ${MAX_OVERRIDE_MS}], got ${durationMs}`
			);
		const t = this.instant(options.timeUs);
		if (rule.overrideUntilUs !== rule.overrideUntilUs) this.overrides++;
		rule.overrideUntilUs = t + durationMs * 1000;
		this.emit(rule, rule.level, t, '');
		return this.current.get(rule);
	}

	/** Ends a rule's override now; a level still raised acts again (its actions are re-sent). */
	clearOverride(ruleId: string, timeUs?: number): SafetyVerdict | undefined {
		const rule = this.byId.get(ruleId);
		if (!rule) throw new SafetyEngineError(`no rule "${ruleId}" in this engine`);
		if (rule.overrideUntilUs === rule.overrideUntilUs) this.endOverride(rule, this.instant(timeUs));
		return this.current.get(rule);
	}

	/** The latest verdict of every rule that has emitted one. */
	verdicts(): SafetyVerdict[] {
		return [...this.current.values()];
	}

	/** Verdicts not at ok or not live, worst first. */
	active(): SafetyVerdict[] {
		const rank = (v: SafetyVerdict) => LEVELS.indexOf(v.level);
		return this.verdicts()
			.filter((v) => v.level !== 'ok' || v.status !== 'live')
			.sort((a, b) => rank(b) - rank(a));
	}

	private start(t: number): void {
		this.idle = false;
		this.startUs = t;
		this.nextSweepUs = t + SWEEP_US;
		for (const rule of this.rules) if (rule.status === 'disconnected') rule.status = 'live';
	}

	private evaluate(rule: RuleRuntime, channel: number, t: number): void {
		if (rule.lostInputs > 0) return;
		const table = this.table;
		if (!measure(rule, table, channel, t)) {
			// No reading yet (a window still filling, an unlearned knock band): nothing current to show.
			rule.value = Number.NaN;
			return;
		}
		const raw =
			rule.conditions.length === 0 || rule.conditionsHold(table, t)
				? rule.classify(rule.value)
				: rule.gatedOff();
		rule.raw = raw;
		if (raw >= WARN) {
			if (rule.warnSinceUs < 0) rule.warnSinceUs = t;
		} else rule.warnSinceUs = -1;
		if (raw >= CRITICAL) {
			if (rule.critSinceUs < 0) rule.critSinceUs = t;
		} else rule.critSinceUs = -1;
		const forUs = rule.forUs;
		const debounced =
			raw >= CRITICAL && t - rule.critSinceUs >= forUs
				? CRITICAL
				: raw >= WARN && t - rule.warnSinceUs >= forUs
					? WARN
					: OK;
		rule.debounced = debounced;
		if (rule.latchLevel > OK && debounced >= rule.latchLevel && debounced > rule.latched)
			rule.latched = debounced;
		const level = debounced > rule.latched ? debounced : rule.latched;
		if (level !== rule.level || rule.emittedStatus !== 'live') this.emit(rule, level, t, '');
	}

	/** A caller's time if it is finite, else engine time, else 0 (before the first sample). */
	private instant(timeUs: number | undefined): number {
		if (timeUs !== undefined && timeUs - timeUs === 0) return timeUs;
		const now = this.clock.nowUs;
		return now === now ? now : 0;
	}

	private endOverride(rule: RuleRuntime, t: number): void {
		rule.overrideUntilUs = Number.NaN;
		this.overrides--;
		this.emit(rule, rule.level, t, '', true);
	}

	private sweep(t: number): void {
		this.nextSweepUs = t + SWEEP_US;
		if (this.overrides > 0)
			for (const rule of this.rules) if (t >= rule.overrideUntilUs) this.endOverride(rule, t);
		const table = this.table;
		for (let k = 0; k < this.watched.length; k++) {
			const c = this.watched[k];
			if (table.lost[c] === 1) continue;
			const last = table.times[c];
			const period = table.periodUs[c];
			const known = period > 0 && (table.learned[c] < 0 || table.learned[c] >= 4);
			const allowed = known ? Math.max(period * this.factor, this.minLostUs) : this.graceUs;
			const since = last < 0 ? this.startUs : last;
			if (t - since > allowed) this.lose(c, t);
		}
	}

	private lose(channel: number, t: number): void {
		this.table.lost[channel] = 1;
		const name = this.table.names[channel];
		for (const rule of this.dependents[channel]) {
			if (rule.lostInputs++ > 0) continue;
			rule.resetState();
			rule.status = 'signal-lost';
			const level = rule.lostLevel > rule.latched ? rule.lostLevel : rule.latched;
			this.emit(rule, level, t, name);
		}
	}

	private restore(channel: number): void {
		this.table.lost[channel] = 0;
		for (const rule of this.dependents[channel]) {
			if (--rule.lostInputs > 0) continue;
			rule.status = 'live';
			rule.resetState();
		}
	}

	/** `reassert`: send the level's actions although it did not rise (an override just ended). */
	private emit(
		rule: RuleRuntime,
		level: number,
		t: number,
		lostChannel: string,
		reassert = false
	): void {
		const previous = rule.level;
		if (level === OK || level > previous) rule.acknowledged = false;
		const live = rule.status === 'live';
		const overridden = rule.overrideUntilUs > t;
		const verdict: SafetyVerdict = {
			ruleId: rule.id,
			label: rule.label,
			kind: rule.kind,
			level: LEVELS[level],
			previousLevel: LEVELS[previous],
			status: rule.status,
			channel: lostChannel || rule.channel,
			value: live ? rule.value : Number.NaN,
			timeUs: t,
			latched: rule.latched > OK,
			acknowledged: rule.acknowledged,
			actions: overridden
				? rule.actions[OK]
				: level > previous || reassert
					? rule.actions[level]
					: rule.actions[OK]
		};
		if (overridden) verdict.overriddenUntilUs = rule.overrideUntilUs;
		if (live && level > OK && rule.limit === rule.limit) {
			// A critical still inside its debounce is reported as warn: name the warn limit it has crossed.
			const warnLimit = rule.direction > 0 ? rule.warnHigh : rule.warnLow;
			verdict.limit =
				level === WARN && rule.raw === CRITICAL && warnLimit === warnLimit ? warnLimit : rule.limit;
			verdict.direction = rule.direction > 0 ? 'high' : 'low';
		}
		rule.level = level;
		rule.emittedStatus = rule.status;
		this.current.set(rule, verdict);
		this.onVerdict?.(verdict);
	}
}

function rangeArrays(
	channels: readonly string[],
	ranges: Readonly<Record<string, readonly [number, number]>>
): [Float64Array, Float64Array] {
	const lo = new Float64Array(channels.length).fill(-Infinity);
	const hi = new Float64Array(channels.length).fill(Infinity);
	channels.forEach((name, i) => {
		if (!Object.hasOwn(ranges, name)) return;
		const range = ranges[name];
		if (!Array.isArray(range) || !(range[0] < range[1]))
			throw new TypeError(
				`SafetyEngine options.ranges.${name} must be [min, max] with min < max, got ${String(range)}`
			);
		lo[i] = range[0];
		hi[i] = range[1];
	});
	return [lo, hi];
}
