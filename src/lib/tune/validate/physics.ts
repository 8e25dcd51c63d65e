import type { SafetyProfile } from '../../safety';
import type { Tune, TuneSchema } from '../model';
import { lookupTable } from '../table/lookup';
import { tableView } from '../table/view';
import type { EngineRoles } from './roles';
import type { Severity, Violation } from './violation';

/** Limits of the physics checks, in the units the checks work in. */
export interface PhysicsLimits {
	/** Injector duty at the rev limit, %: above `warn` a warning, above `critical` a critical finding. */
	duty: { warn: number; critical: number };
	/** Engine speed, rpm, at which the safety monitor warns and goes critical (limp mode / stop-write). */
	engineSpeed: { warn: number; critical: number };
	/**
	 * Spark advance allowed in boosted cells (load above `atmosphericKpa`): `atAtmosphere` degrees at 100 kPa less
	 * `perKpa` degrees per kPa of boost.
	 */
	boostAdvance: { atmosphericKpa: number; atAtmosphere: number; perKpa: number };
}

/**
 * The rule-of-thumb boost allowance: 1° less per psi (6.895 kPa) of boost from 32° at atmospheric. A conservative
 * street pump-fuel starting point (the same spirit as the shipped safety profiles: every limit is a default a tuner
 * overrides per engine), not a knock model.
 */
export const DEFAULT_BOOST_ADVANCE = { atmosphericKpa: 100, atAtmosphere: 32, perKpa: 1 / 6.895 };

/**
 * Duty and engine-speed limits from a safety profile: its `injector-duty` rule (80/85 % in the shipped profiles)
 * and its `EngineSpeed` bounds rule (7200/7500 rpm), so a tune is judged by the same numbers the live monitor uses.
 */
export function limitsFromProfile(profile: SafetyProfile): PhysicsLimits {
	const duty = profile.rules.find((r) => r.kind === 'injector-duty');
	const speed = profile.rules.find((r) => r.kind === 'bounds' && r.channel === 'EngineSpeed');
	return {
		duty: { warn: duty?.warnHigh ?? 80, critical: duty?.critHigh ?? 85 },
		engineSpeed: {
			warn: speed?.warnHigh ?? Infinity,
			critical: speed?.critHigh ?? Infinity
		},
		boostAdvance: DEFAULT_BOOST_ADVANCE
	};
}

/**
 * Injector duty at the rev limit, from the fuel equation the firmware runs (Speeduino 202103 speeduino.ino PW() and
 * calculateRequiredFuel()):
 *   pulse per squirt = reqFuel ÷ squirts × VE/100 × [MAP/100] × [stoich/target AFR] + injector open time
 * where reqFuel is the fuel for one cylinder's whole cycle at VE 100 % and 100 kPa, split over the squirts (one per
 * cycle sequential, one per revolution otherwise), MAP/100 applies when multiplyMAP is on and stoich/target when
 * incorporateAFR is on. Duty = pulse × squirts ÷ cycle time, the cycle being 120000/rpm ms for a four-stroke and
 * 60000/rpm for a two-stroke: the same `PW × rpm × n / 1200` the safety engine's injector-duty probe uses
 * (safety/rule-kinds.ts). reqFuel already holds the injector flow (TunerStudio's req-fuel calculator divides the
 * cylinder's air mass by it), so the flow needs no separate constant. Every row of the VE table at the rev limit is
 * checked (its load bins are the MAP when the load source is MAP); the worst row is reported. Above the firmware's
 * own cap (dutyLim) the pulse is cut short and the engine runs lean.
 */
export function checkInjectorDuty(
	tune: Tune,
	schema: TuneSchema,
	roles: EngineRoles,
	limits: PhysicsLimits
): Violation[] {
	const v = tune.values;
	const num = (name: string) => (typeof v[name] === 'number' ? (v[name] as number) : undefined);
	const reqFuel = num(roles.reqFuel);
	const open = num(roles.injectorOpenTime) ?? 0;
	const rpm = num(roles.revLimit);
	const missing = [roles.reqFuel, roles.revLimit].filter((n) => num(n) === undefined);
	if (reqFuel === undefined || rpm === undefined || missing.length > 0) {
		return [
			skipped('injector-duty', missing[0] ?? roles.reqFuel, 'injector duty at the rev limit')
		];
	}
	let ve;
	try {
		ve = tableView(tune, schema, roles.veTable);
	} catch {
		return [skipped('injector-duty', roles.veTable, 'injector duty at the rev limit')];
	}
	const twoStroke = v[roles.strokes] === roles.twoStrokeLabel;
	const sequential = v[roles.injectorLayout] === roles.sequentialLabel;
	const squirts = twoStroke || sequential ? 1 : 2;
	const cycleMs = (twoStroke ? 60000 : 120000) / rpm;
	const mapLoad = roles.mapLoadLabels.includes(String(v[roles.fuelLoadSource]));
	const multiplyMap =
		v[roles.multiplyMap] !== undefined && v[roles.multiplyMap] !== roles.multiplyMapOffLabel;
	const incorporate = v[roles.incorporateAfr] === roles.yesLabel;
	const stoich = num(roles.stoich);
	let afr: ReturnType<typeof tableView> | undefined;
	if (incorporate && stoich) {
		const spec = schema.tables.find((t) => t.z === roles.afrTable);
		try {
			afr = spec ? tableView(tune, schema, spec.name) : undefined;
		} catch {
			afr = undefined;
		}
	}
	let worst = { duty: -Infinity, load: 0, ve: 0 };
	ve.y.forEach((load, row) => {
		const veAtLimit = lookupTable([ve.z[row]], ve.x, [0], rpm, 0).value;
		const map = mapLoad ? load : 100;
		let fuel = reqFuel * (veAtLimit / 100) * (multiplyMap ? map / 100 : 1);
		if (afr && stoich) {
			const target = lookupTable(afr.z, afr.x, afr.y, rpm, load).value;
			if (target > 0) fuel *= stoich / target;
		}
		const duty = ((fuel + squirts * open) / cycleMs) * 100;
		if (duty > worst.duty) worst = { duty, load, ve: veAtLimit };
	});
	const out: Violation[] = [];
	if (incorporate && !afr) {
		out.push({
			rule: 'injector-duty',
			severity: 'info',
			constant: roles.incorporateAfr,
			value: String(v[roles.incorporateAfr]),
			reason:
				`${roles.incorporateAfr} is on but ${roles.afrTable} or ${roles.stoich} could not be read: the duty below ` +
				`leaves out the stoich ÷ target factor, which raises it at rich targets`
		});
	}
	const dutyLim = num(roles.dutyLimit);
	const at = `at the ${rpm} rpm rev limit and ${worst.load}${mapLoad ? ' kPa' : ''} load (VE ${round(worst.ve)} %)`;
	const severity: Severity | null =
		worst.duty > limits.duty.critical
			? 'critical'
			: worst.duty > limits.duty.warn
				? 'warning'
				: null;
	if (severity) {
		out.push({
			rule: 'injector-duty',
			severity,
			constant: roles.reqFuel,
			value: round(worst.duty),
			limit: severity === 'critical' ? limits.duty.critical : limits.duty.warn,
			reason:
				`Injectors would be open ${round(worst.duty)} % of the time ${at}; above ` +
				`${severity === 'critical' ? limits.duty.critical : limits.duty.warn} % they cannot close and reopen ` +
				`reliably and fuel delivery stops rising with demand: the engine leans out at the top. Fit larger ` +
				`injectors (and recompute reqFuel), raise the fuel pressure, or lower the rev limit.`
		});
	}
	if (dutyLim !== undefined && worst.duty > dutyLim) {
		out.push({
			rule: 'injector-duty',
			severity: 'critical',
			constant: roles.dutyLimit,
			value: round(worst.duty),
			limit: dutyLim,
			reason:
				`The fuel table asks for ${round(worst.duty)} % injector duty ${at}, but the ECU cuts every pulse at ` +
				`${roles.dutyLimit} = ${dutyLim} %: it will deliver less fuel than the table says and run lean there.`
		});
	}
	return out;
}

/**
 * Spark advance in boosted cells: every cell of each spark table in use whose load bin (kPa, when the load source
 * is MAP) is above atmospheric must not exceed the boost allowance at that pressure. More advance under boost is
 * the classic path to detonation. A table on a non-MAP load axis cannot be judged and gets an info finding.
 */
export function checkBoostAdvance(
	tune: Tune,
	schema: TuneSchema,
	roles: EngineRoles,
	limits: PhysicsLimits
): Violation[] {
	const out: Violation[] = [];
	const { atmosphericKpa, atAtmosphere, perKpa } = limits.boostAdvance;
	for (const { table, loadSource, mode } of roles.sparkTables) {
		if (mode && (tune.values[mode.constant] ?? mode.offLabel) === mode.offLabel) continue;
		let spark;
		try {
			spark = tableView(tune, schema, table);
		} catch {
			out.push(skipped('boost-advance', table, 'spark advance under boost'));
			continue;
		}
		if (!roles.mapLoadLabels.includes(String(tune.values[loadSource]))) {
			out.push({
				rule: 'boost-advance',
				severity: 'info',
				constant: spark.spec.z,
				value: String(tune.values[loadSource]),
				reason: `${spark.spec.title} is on a ${tune.values[loadSource]} load axis, so boost cannot be read from it; advance under boost was not checked`
			});
			continue;
		}
		spark.y.forEach((kpa, row) => {
			if (kpa <= atmosphericKpa) return;
			const allowed = atAtmosphere - perKpa * (kpa - atmosphericKpa);
			spark.z[row].forEach((advance, column) => {
				if (advance <= allowed) return;
				out.push({
					rule: 'boost-advance',
					severity: 'critical',
					constant: spark.spec.z,
					cell: { row, column, x: spark.x[column], y: kpa },
					value: advance,
					limit: round(allowed),
					reason:
						`${spark.spec.title} asks for ${advance}° at ${spark.x[column]} rpm and ${kpa} kPa ` +
						`(${round((kpa - atmosphericKpa) / 6.895)} psi of boost); the allowance there is ${round(allowed)}°. ` +
						`Advance under boost invites detonation.`
				});
			});
		});
	}
	return out;
}

/**
 * The hard rev limit against the safety profile's engine-speed limits: a limiter above the critical speed (where the
 * monitor raises its critical alarm and stops writes) lets the engine run where the safety system already calls it
 * dangerous. A limiter whose cut is Off does not limit at all (speeduino.ini [SettingContextHelp] engineProtectType:
 * "Whether the engine protect and rev limiter will cut the fuel, the ignition or both").
 */
export function checkRevLimit(tune: Tune, roles: EngineRoles, limits: PhysicsLimits): Violation[] {
	const v = tune.values;
	const limit = v[roles.revLimit];
	if (typeof limit !== 'number') return [skipped('rev-limit', roles.revLimit, 'the rev limit')];
	const out: Violation[] = [];
	const { warn, critical } = limits.engineSpeed;
	const severity: Severity | null = limit > critical ? 'critical' : limit > warn ? 'warning' : null;
	if (severity) {
		const threshold = severity === 'critical' ? critical : warn;
		out.push({
			rule: 'rev-limit',
			severity,
			constant: roles.revLimit,
			value: limit,
			limit: threshold,
			reason:
				`The rev limiter allows ${limit} rpm, above the safety profile's ${severity === 'critical' ? 'critical' : 'warning'} ` +
				`engine speed of ${threshold} rpm (its limp threshold${severity === 'critical' ? '' : ' is ' + critical + ' rpm'}). ` +
				`Lower the rev limit below it, or raise the profile's limit if the engine is built for it.`
		});
	}
	if (v[roles.protectionCut] === roles.protectionOffLabel) {
		out.push({
			rule: 'rev-limit',
			severity: 'warning',
			constant: roles.protectionCut,
			value: String(v[roles.protectionCut]),
			reason:
				`${roles.protectionCut} is ${roles.protectionOffLabel}: the rev limiter cuts neither fuel nor spark, so ` +
				`${roles.revLimit} (${limit} rpm) is not enforced by the ECU.`
		});
	}
	return out;
}

function skipped(rule: Violation['rule'], constant: string, what: string): Violation {
	return {
		rule,
		severity: 'info',
		constant,
		value: 'missing',
		reason: `${what} was not checked: the tune has no usable ${constant}`
	};
}

function round(x: number): number {
	return Math.round(x * 10) / 10;
}
