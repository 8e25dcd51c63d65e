import { PRESSURE_TO_KPA, unitFor } from '../../logs/formats/units';

/** The quantities a log summary reports (issue 6 "Summaries per log"). */
export const SUMMARY_KINDS = ['boost', 'egt', 'temperature', 'knock', 'lambda'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

export const SUMMARY_KIND_LABELS = {
	boost: 'Boost and manifold pressure',
	egt: 'Exhaust gas temperature',
	temperature: 'Temperatures',
	knock: 'Knock',
	lambda: 'Lambda and AFR'
} as const satisfies Record<SummaryKind, string>;

interface Named {
	name: string;
	unit: string;
}

const key = (s: string) => s.toLowerCase().replaceAll(/[^a-z0-9]/g, '');
const words = (s: string) =>
	s
		.replaceAll(/([a-z])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);

/** Setpoints, actuator duties and raw sensor voltages sit beside the measured value; they are not it. */
const NOT_MEASURED = /target|duty|cut|limit|sensor|\bdot\b|table|trim|enable/i;

/**
 * Which summary a channel belongs to, from its name and unit as simulated-car.dbc, CarTech's OBD channels,
 * TunerStudio/Speeduino/rusEFI and MegaLogViewer logs spell them (ManifoldPressure, BoostPressure, MAP, Boost PSI,
 * ExhaustGasTemp, EGT 1, CoolantTemp, CLT, IAT, KnockRetardCyl3, Lambda, AFR…); null for everything else.
 */
export function summaryKind(c: Named): SummaryKind | null {
	const spaced = words(c.name).join(' ');
	if (NOT_MEASURED.test(spaced) || NOT_MEASURED.test(c.name)) return null;
	const w = words(c.name);
	if (w.includes('egt') || /exhaust gas temp/.test(spaced)) return 'egt';
	if (w.includes('knock') || /^knock/.test(key(c.name))) return 'knock';
	if (
		w.includes('lambda') ||
		w.includes('afr') ||
		w.includes('ego') ||
		/equivalence ratio/.test(spaced)
	)
		return 'lambda';
	if (w.includes('boost') || w.includes('map') || /manifold (absolute )?pressure/.test(spaced))
		return 'boost';
	if (
		w.some((x) => ['temp', 'temperature', 'iat', 'clt', 'mat', 'ect'].includes(x)) ||
		/^(coolant|oil|intake air|ambient)/.test(spaced) ||
		/^deg ?[cf]$|°[cf]/i.test(c.unit.trim())
	)
		return 'temperature';
	return null;
}

/** A channel picked for a computation and the linear map to the unit it needs. */
export interface PickedChannel {
	name: string;
	unit: string;
	scale: number;
	offset: number;
}

function byNames(
	channels: readonly Named[],
	names: readonly string[],
	convert: (unit: string) => { scale: number; offset: number } | null
): PickedChannel | null {
	for (const wanted of names) {
		const c = channels.find((x) => key(x.name) === key(wanted));
		const conversion = c && convert(c.unit.trim());
		if (c && conversion) return { name: c.name, unit: c.unit, ...conversion };
	}
	return null;
}

const identity = { scale: 1, offset: 0 };

/**
 * The engine load axis of the operating-zone table and the drift baseline: manifold pressure in kPa when logged
 * (the usual load axis of a speed-density map), else calculated load in %, else throttle in %.
 */
export function pickLoadChannel(
	channels: readonly Named[]
): (PickedChannel & { loadUnit: 'kPa' | '%' }) | null {
	const map = byNames(
		channels,
		[
			'ManifoldPressure',
			'MAP',
			'intakeManifoldPressure',
			'Manifold Pressure',
			'Manifold Absolute Pressure'
		],
		(u) => {
			if (!u) return identity;
			const p = unitFor('pressure', u);
			return p ? { scale: PRESSURE_TO_KPA[p], offset: 0 } : null;
		}
	);
	if (map) return { ...map, loadUnit: 'kPa' };
	const percent = (u: string) => (!u || u === '%' ? identity : null);
	const load =
		byNames(
			channels,
			['EngineLoad', 'Engine Load', 'Load', 'Calculated Load', 'engineLoad'],
			percent
		) ?? byNames(channels, ['ThrottlePosition', 'TPS', 'Throttle', 'Throttle Position'], percent);
	return load ? { ...load, loadUnit: '%' } : null;
}

/** Engine fuel rate in L/h (OBD PID 5E "engineFuelRate", or a logger's "Fuel Rate"). */
export function pickFuelRateChannel(channels: readonly Named[]): PickedChannel | null {
	return byNames(
		channels,
		['FuelRate', 'engineFuelRate', 'EngineFuelRate', 'Fuel Rate', 'Fuel Flow', 'Fuel Flow Rate'],
		(u) => {
			const k = key(u);
			if (k === 'lh' || k === 'lph' || k === 'literh' || k === 'litresh') return identity;
			if (k === 'galh' || k === 'gph') return { scale: 3.785411784, offset: 0 };
			return null;
		}
	);
}

/** Mass air flow in g/s (OBD PID 10 "mafAirFlowRate", or a logger's "MAF"). */
export function pickMafChannel(channels: readonly Named[]): PickedChannel | null {
	return byNames(
		channels,
		['MAF', 'MassAirFlow', 'mafAirFlowRate', 'Mass Air Flow', 'MAF Rate'],
		(u) => {
			const k = key(u);
			if (k === 'gs' || k === 'gsec') return identity;
			if (k === 'kgh') return { scale: 1 / 3.6, offset: 0 };
			// 1 lb/min = 453.59237 g / 60 s.
			if (k === 'lbmin') return { scale: 453.59237 / 60, offset: 0 };
			return null;
		}
	);
}

/**
 * Lambda: a wideband's or the commanded equivalence ratio (OBD PID 44), else AFR divided by the fuel's
 * stoichiometric ratio.
 */
export function pickLambdaChannel(
	channels: readonly Named[],
	stoichAfr: number
): PickedChannel | null {
	const lambda = byNames(
		channels,
		[
			'Lambda',
			'Lambda 1',
			'Lambda1',
			'commandedEquivalenceRatio',
			'Equivalence Ratio',
			'WBO2 Lambda'
		],
		(u) => (!u || u === 'λ' || key(u) === 'lambda' ? identity : null)
	);
	if (lambda) return lambda;
	return byNames(channels, ['AFR', 'AFR 1', 'Air Fuel Ratio', 'AFR1', 'Wideband AFR'], () => ({
		scale: 1 / stoichAfr,
		offset: 0
	}));
}

/** "KnockRetardCyl3" → "cylinder 3 knock retard"; "ExhaustGasTemp" → "exhaust gas temp" (for drift sentences). */
export function channelLabel(name: string): string {
	const w = words(name);
	const cyl = w.findIndex((x) => /^cyl(inder)?\d+$/.test(x));
	if (cyl >= 0) {
		const n = w[cyl].replace(/^\D+/, '');
		return ['cylinder', n, ...w.filter((_, i) => i !== cyl)].join(' ');
	}
	const cylWord = w.findIndex((x) => x === 'cyl' || x === 'cylinder');
	if (cylWord >= 0 && /^\d+$/.test(w[cylWord + 1] ?? '')) {
		const n = w[cylWord + 1];
		return ['cylinder', n, ...w.filter((_, i) => i !== cylWord && i !== cylWord + 1)].join(' ');
	}
	return w.join(' ') || name;
}

/** The unit as a drift sentence appends it: "°" for degrees of timing, " °C", " kPa". */
export function sentenceUnit(unit: string): string {
	const u = unit.trim();
	if (/^deg$|^°$/i.test(u)) return '°';
	if (/^deg ?c$|^°c$/i.test(u)) return ' °C';
	if (/^deg ?f$|^°f$/i.test(u)) return ' °F';
	if (!u || u === 'λ' || key(u) === 'lambda') return '';
	return ` ${u}`;
}
