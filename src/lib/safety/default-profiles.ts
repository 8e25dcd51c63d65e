import { parseProfile } from './profile-merge';
import type { SafetyProfile } from './profile-schema';
import type { SafetyAction, SafetyRule } from './rule-schema';

/**
 * Shipped profiles, keyed by the channel names of common aftermarket ECU broadcasts (simulated-car.dbc uses them).
 * Limits are conservative street-tune values; every one is a starting point a tuner overrides per vehicle. The
 * ECU's own protections remain the last line of defence.
 */
const alarm: SafetyAction = { kind: 'alarm' };
const markLog: SafetyAction = { kind: 'mark-log' };
const stopWrite: SafetyAction = { kind: 'stop-write' };
const critical = [alarm, markLog, stopWrite];
const command = (id: string): SafetyAction => ({ kind: 'protective-command', command: id });

const commands = {
	'limp-mode': {
		label: 'Request limp mode',
		description: 'The ECU-specific request that caps boost, rpm and load.'
	},
	'boost-cut': {
		label: 'Boost cut',
		description: 'Open the wastegate / drop boost control duty to zero.'
	}
};

/** Fuel cut (overrun, rev limiter) makes a wideband read free air (≈2.0); judging lambda then is meaningless. */
const fuelling = { channel: 'FuelCutActive', below: 0.5, forMs: 400 };

const rpmAxis = [0, 600, 1000, 2000, 3000, 4000, 6000, 8000];
const throttleAxis = [0, 5, 20, 50, 80, 100];
const row = (v: number) => rpmAxis.map(() => v);

/**
 * A loose rationality band for absolute MAP by throttle (rows) and rpm (columns): wide enough for transients and
 * boost, narrow enough to catch a split vacuum hose (≈baro at idle) or a dead sensor (≈0 at load).
 */
function mapBand(boosted: boolean): Extract<SafetyRule, { kind: 'map-plausibility' }> {
	const top = boosted ? 350 : 115;
	return {
		kind: 'map-plausibility',
		id: 'map-plausibility',
		label: 'MAP sensor vs rpm and throttle',
		map: 'ManifoldPressure',
		rpm: 'EngineSpeed',
		throttle: 'ThrottlePosition',
		rpmAxis,
		throttleAxis,
		min: [
			row(5),
			row(5),
			row(8),
			[5, 5, 20, 30, 35, 35, 35, 35],
			[5, 5, 30, 40, 50, 50, 50, 50],
			[5, 5, 30, 45, 55, 60, 60, 60]
		],
		max: [
			[115, 115, 80, 75, 75, 75, 75, 75],
			[115, 115, 95, 90, 90, 90, 90, 90],
			[
				115,
				115,
				115,
				boosted ? 150 : 110,
				boosted ? 150 : 110,
				boosted ? 150 : 110,
				boosted ? 150 : 110,
				boosted ? 150 : 110
			],
			row(top),
			row(top),
			row(top)
		],
		warnHigh: 10,
		hysteresis: 5,
		forMs: 1000
	};
}

function commonRules(opts: { egtWarn: number; egtCrit: number; boosted: boolean }): SafetyRule[] {
	return [
		{
			kind: 'bounds',
			id: 'engine-speed',
			label: 'Engine speed',
			channel: 'EngineSpeed',
			warnHigh: 7200,
			critHigh: 7500,
			hysteresis: 100
		},
		{
			kind: 'bounds',
			id: 'egt',
			label: 'EGT',
			channel: 'ExhaustGasTemp',
			warnHigh: opts.egtWarn,
			critHigh: opts.egtCrit,
			hysteresis: 10,
			forMs: 250
		},
		{
			kind: 'rate',
			id: 'egt-rise',
			label: 'EGT rising fast near the limit',
			channel: 'ExhaustGasTemp',
			windowMs: 1000,
			warnHigh: 150,
			hysteresis: 20,
			when: [{ channel: 'ExhaustGasTemp', above: opts.egtWarn - 75, hysteresis: 10 }]
		},
		{
			kind: 'bounds',
			id: 'coolant',
			label: 'Coolant',
			channel: 'CoolantTemp',
			warnHigh: 105,
			critHigh: 110,
			hysteresis: 2,
			forMs: 2000,
			latch: 'critical',
			actions: { critical: [...critical, command('limp-mode')] }
		},
		{
			kind: 'bounds',
			id: 'oil-temp',
			label: 'Oil temperature',
			channel: 'OilTemp',
			warnHigh: 125,
			critHigh: 135,
			hysteresis: 2,
			forMs: 2000
		},
		{
			kind: 'difference',
			id: 'oil-over-coolant',
			label: 'Oil hotter than coolant',
			a: 'OilTemp',
			b: 'CoolantTemp',
			warnHigh: 30,
			critHigh: 40,
			hysteresis: 2,
			forMs: 10_000
		},
		{
			kind: 'difference',
			id: 'oil-coolant-disagree',
			label: 'Oil far colder than warm coolant (sensor fault)',
			a: 'OilTemp',
			b: 'CoolantTemp',
			warnLow: -25,
			hysteresis: 2,
			forMs: 30_000,
			when: [{ channel: 'CoolantTemp', above: 85, forMs: 60_000, maxAgeMs: 1000 }]
		},
		{
			kind: 'bounds',
			id: 'intake-air',
			label: 'Intake air',
			channel: 'IntakeAirTemp',
			warnHigh: 60,
			critHigh: 70,
			hysteresis: 2,
			forMs: 1000
		},
		{
			kind: 'injector-duty',
			id: 'injector-duty',
			label: 'Injector duty',
			rpm: 'EngineSpeed',
			pulseWidth: 'InjectorPulseWidth',
			warnHigh: 80,
			critHigh: 85,
			hysteresis: 2,
			forMs: 100
		},
		// The ECU pulls 2° per event: one or two isolated events on a healthy pull stay quiet, three stacked do not.
		{
			kind: 'knock-retard',
			id: 'knock-retard',
			label: 'Knock retard',
			channels: ['KnockRetardCyl1', 'KnockRetardCyl2', 'KnockRetardCyl3', 'KnockRetardCyl4'],
			warnHigh: 4.5,
			critHigh: 6,
			hysteresis: 0.5
		},
		{
			kind: 'knock-count',
			id: 'knock-count',
			label: 'Knock events per second',
			channel: 'KnockCount',
			windowMs: 1000,
			wrap: 4096,
			warnHigh: 4,
			critHigh: 10
		},
		{
			kind: 'knock-energy',
			id: 'knock-energy',
			label: 'Knock sensor energy over baseline',
			channel: 'KnockSensor',
			rpm: 'EngineSpeed',
			rpmBands: [1500, 2500, 3500, 4500, 5500, 6500],
			input: 'amplitude',
			warnHigh: 3,
			critHigh: 6,
			hysteresis: 0.5,
			forMs: 250,
			when: [{ channel: 'ThrottlePosition', above: 10 }]
		},
		mapBand(opts.boosted),
		{
			kind: 'bounds',
			id: 'battery',
			label: 'Battery',
			channel: 'BatteryVoltage',
			warnLow: 12,
			critLow: 11,
			warnHigh: 15,
			critHigh: 15.5,
			hysteresis: 0.1,
			forMs: 500
		}
	];
}

function boostRules(ceilingWarn: number, ceilingCrit: number): SafetyRule[] {
	// The target must have been asked for a while (on a lift it drops to 0 at once while boost bleeds off), and
	// fuel must be on: bouncing off the rev limiter's cut spikes boost past target with the engine making no power.
	// The absolute ceiling stays ungated.
	const onTarget = [{ channel: 'BoostTarget', above: 30, forMs: 300 }, fuelling];
	return [
		{
			kind: 'bounds',
			id: 'boost',
			label: 'Boost',
			channel: 'BoostPressure',
			warnHigh: ceilingWarn,
			critHigh: ceilingCrit,
			hysteresis: 5,
			forMs: 50,
			latch: 'critical',
			actions: { critical: [...critical, command('boost-cut')] }
		},
		{
			kind: 'difference',
			id: 'overboost',
			label: 'Overboost (boost above target)',
			a: 'BoostPressure',
			b: 'BoostTarget',
			warnHigh: 15,
			critHigh: 25,
			hysteresis: 3,
			forMs: 100,
			latch: 'critical',
			when: onTarget,
			actions: { critical: [...critical, command('boost-cut')] }
		},
		{
			kind: 'difference',
			id: 'boost-creep',
			label: 'Boost creep',
			a: 'BoostPressure',
			b: 'BoostTarget',
			warnHigh: 8,
			hysteresis: 2,
			forMs: 1500,
			when: onTarget
		}
	];
}

function leanRule(opts: { warn: number; crit: number; when: SafetyRule['when'] }): SafetyRule {
	return {
		kind: 'bounds',
		id: 'lean-under-load',
		label: 'Lean under load',
		channel: 'Lambda',
		warnHigh: opts.warn,
		critHigh: opts.crit,
		hysteresis: 0.01,
		forMs: 100,
		latch: 'critical',
		when: [
			...(opts.when ?? []),
			{ channel: 'EngineSpeed', above: 3000, hysteresis: 100 },
			fuelling
		],
		actions: { critical: [...critical, command('limp-mode')] }
	};
}

const base = {
	version: 1,
	actions: { warn: [alarm, markLog], critical },
	commands,
	watchdog: { factor: 5, minLostMs: 50, startupGraceMs: 2000, lostLevel: 'warn' as const }
};

export const turboPetrolProfile: SafetyProfile = parseProfile({
	...base,
	id: 'turbo-petrol',
	name: 'Turbo petrol',
	description:
		'Boosted pump-fuel petrol: lean under boost, overboost and creep, knock, EGT, temperatures.',
	rules: [
		...commonRules({ egtWarn: 900, egtCrit: 950, boosted: true }),
		...boostRules(160, 180),
		leanRule({
			warn: 0.88,
			crit: 0.9,
			when: [{ channel: 'ManifoldPressure', above: 150, hysteresis: 5 }]
		})
	]
});

export const naPetrolProfile: SafetyProfile = parseProfile({
	...base,
	id: 'na-petrol',
	name: 'Naturally aspirated petrol',
	description:
		'Atmospheric pump-fuel petrol: lean at wide-open throttle, knock, EGT, temperatures.',
	rules: [
		...commonRules({ egtWarn: 925, egtCrit: 975, boosted: false }),
		leanRule({
			warn: 0.93,
			crit: 0.96,
			when: [{ channel: 'ThrottlePosition', above: 80, hysteresis: 5 }]
		})
	]
});

/**
 * E85 judged on lambda, so the limits do not depend on the fuel's stoichiometric ratio. Ethanol runs cooler and
 * resists knock, so EGT and knock-count limits are tighter; it needs ≈30 % more fuel, so injector duty is the
 * first limit a conversion meets (the same 85 % applies).
 */
export const e85Profile: SafetyProfile = parseProfile({
	...base,
	id: 'e85',
	name: 'E85 (turbo, lambda-based)',
	description: 'Boosted E85: as turbo petrol with cooler EGT and knock-count limits.',
	rules: [
		...commonRules({ egtWarn: 850, egtCrit: 900, boosted: true }).map((rule) =>
			rule.id === 'knock-count' ? { ...rule, warnHigh: 2, critHigh: 6 } : rule
		),
		...boostRules(170, 190),
		leanRule({
			warn: 0.86,
			crit: 0.88,
			when: [{ channel: 'ManifoldPressure', above: 150, hysteresis: 5 }]
		})
	]
});

export const shippedProfiles: readonly SafetyProfile[] = [
	naPetrolProfile,
	turboPetrolProfile,
	e85Profile
];
