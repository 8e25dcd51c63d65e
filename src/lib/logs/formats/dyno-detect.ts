import { splitHeaderUnit } from './csv-table';
import type { DynoMappingInput, DynoQuantity, DynoVendor } from './dyno-mapping';
import { unitFor, type UnitQuantity } from './units';

export interface DynoTableHead {
	preamble: readonly string[];
	header: readonly string[];
	units: readonly (string | undefined)[] | null;
}

export interface DynoMappingProposal {
	/** Null when no rpm column, or nothing giving power, was recognised. */
	mapping: DynoMappingInput | null;
	vendor: DynoVendor;
	/** Quantities found, but whose unit the file does not state: taken from the vendor's usual export. */
	assumedUnits: DynoQuantity[];
	/** What could not be found (rpm, power/torque). */
	missing: string[];
	/** Header cells no quantity claimed. */
	unmapped: string[];
}

interface Cell {
	header: string;
	name: string;
	unit: string;
}

interface Rule {
	quantity: DynoQuantity;
	unitOf?: UnitQuantity;
	/** Score a column: null when it is not this quantity, higher is a better match. */
	score(c: Cell): number | null;
}

const has = (text: string, ...words: string[]) => words.some((w) => text.includes(w));
/** Loss, drag and raw channels sit beside the real figure in most exports; never pick them. */
const excluded = (name: string) =>
	has(name, 'loss', 'drag', 'uncorr', 'raw', 'target', 'max', 'peak');
const words = (name: string) => name.split(/[^a-z0-9/λ-]+/).filter(Boolean);

/**
 * Header rules for Dynojet (WinPEP / Power Core: "Engine Speed (RPM)", "Power (HP)", "Torque (lb-ft)",
 * "Speed (MPH)"), Mainline ("RPM", "Wheel Power [kW]", "Tractive Effort [N]", "Road Speed [km/h]") and Dynocom
 * ("RPM", "HP", "TQ", "MPH", "AFR") exports, and plain spreadsheets. Header spellings are from public exports and
 * forum posts, not vendor documents, which is why the mapping stays editable.
 */
const RULES: Rule[] = [
	{
		quantity: 'rpm',
		score: ({ name, unit }) => {
			if (has(name, 'roller', 'drum', 'wheel', 'roll ')) return null;
			if (unit.toLowerCase() === 'rpm' || words(name).includes('rpm')) return 2;
			return has(name, 'engine speed', 'eng speed', 'motor speed') ? 1 : null;
		}
	},
	{
		quantity: 'power',
		unitOf: 'power',
		score: ({ name, unit }) => {
			if (excluded(name)) return null;
			const byName =
				has(name, 'power', 'pwr', 'horsepower') ||
				words(name).some((w) => unitFor('power', w) !== null);
			if (!byName && unitFor('power', unit) === null) return null;
			return 1 + (has(name, 'wheel') ? 2 : 0) + (has(name, 'corr') ? 1 : 0);
		}
	},
	{
		quantity: 'torque',
		unitOf: 'torque',
		score: ({ name, unit }) => {
			if (excluded(name)) return null;
			const byName =
				has(name, 'torque', 'trq') ||
				words(name).includes('tq') ||
				words(name).some((w) => unitFor('torque', w) !== null);
			if (!byName && unitFor('torque', unit) === null) return null;
			return 1 + (has(name, 'wheel') ? 2 : 0) + (has(name, 'corr') ? 1 : 0);
		}
	},
	{
		quantity: 'force',
		unitOf: 'force',
		score: ({ name }) => (!excluded(name) && has(name, 'force', 'tractive', 'effort') ? 1 : null)
	},
	{
		quantity: 'speed',
		unitOf: 'speed',
		score: ({ name, unit }) => {
			if (has(name, 'engine', 'eng ', 'motor') || unit.toLowerCase() === 'rpm') return null;
			if (words(name).some((w) => unitFor('speed', w) !== null)) return 2;
			if (!has(name, 'speed', 'velocity') && unitFor('speed', unit) === null) return null;
			return has(name, 'road', 'vehicle', 'roller', 'wheel') ? 2 : 1;
		}
	},
	{
		quantity: 'lambda',
		score: ({ name }) => (has(name, 'lambda', 'λ') && !excluded(name) ? 1 : null)
	},
	{
		quantity: 'afr',
		score: ({ name }) =>
			!excluded(name) && (words(name).includes('afr') || has(name, 'air/fuel', 'air fuel', 'a/f'))
				? 1
				: null
	},
	{
		quantity: 'boost',
		unitOf: 'pressure',
		score: ({ name }) =>
			!excluded(name) && (has(name, 'boost', 'manifold') || words(name).includes('map')) ? 1 : null
	},
	{
		quantity: 'time',
		unitOf: 'time',
		score: ({ name }) =>
			['time', 'elapsed', 'elapsed time', 'seconds', 'run time'].includes(name) ? 1 : null
	}
];

const DEFAULT_UNITS = {
	imperial: { power: 'hp', torque: 'lbft', speed: 'mph', force: 'lbf', boost: 'psi', time: 's' },
	metric: { power: 'kW', torque: 'Nm', speed: 'km/h', force: 'N', boost: 'kPa', time: 's' }
} as const;

function detectVendor(text: string): DynoVendor {
	if (has(text, 'dynojet', 'winpep', 'power core')) return 'dynojet';
	if (has(text, 'mainline', 'dynolog', 'prodyn')) return 'mainline';
	if (has(text, 'dynocom')) return 'dynocom';
	return 'generic';
}

/**
 * Proposes a column mapping from a dyno export's header (and units row, if any): each quantity takes its
 * best-scoring column, units come from "(unit)" / "[unit]", the units row or the name ("HP", "MPH"), and
 * otherwise from the vendor's usual units, which the proposal lists in `assumedUnits` for the user to confirm.
 */
export function proposeDynoMapping(head: DynoTableHead): DynoMappingProposal {
	const cells: Cell[] = head.header.map((header, i) => {
		const fromRow = head.units?.[i]?.trim();
		const split = fromRow ? { name: header, unit: fromRow } : splitHeaderUnit(header);
		return { header, name: split.name.toLowerCase().replaceAll('_', ' ').trim(), unit: split.unit };
	});
	const vendor = detectVendor([...head.preamble, ...head.header].join('\n').toLowerCase());

	const claimed = new Set<number>();
	const found = new Map<DynoQuantity, { index: number; unit: string | null }>();
	for (const rule of RULES) {
		let best = -1;
		let bestScore = -Infinity;
		cells.forEach((c, i) => {
			if (claimed.has(i)) return;
			const s = rule.score(c);
			if (s !== null && s > bestScore) [best, bestScore] = [i, s];
		});
		if (best < 0) continue;
		claimed.add(best);
		const c = cells[best];
		const unit = rule.unitOf
			? (unitFor(rule.unitOf, c.unit) ??
				words(c.name)
					.map((w) => unitFor(rule.unitOf!, w))
					.find((u) => u !== null) ??
				null)
			: null;
		found.set(rule.quantity, { index: best, unit });
	}

	const imperialSeen = [...found.values()].some((f) =>
		['hp', 'lbft', 'mph', 'lbf', 'psi'].includes(f.unit ?? '')
	);
	const system =
		vendor === 'mainline' || (vendor === 'generic' && !imperialSeen) ? 'metric' : 'imperial';
	const assumedUnits: DynoQuantity[] = [];
	const columns: Record<string, { column: string; unit?: string }> = {};
	for (const [quantity, { index, unit }] of found) {
		const entry: { column: string; unit?: string } = { column: cells[index].header };
		if (quantity in DEFAULT_UNITS.metric) {
			const q = quantity as keyof typeof DEFAULT_UNITS.metric;
			entry.unit = unit ?? DEFAULT_UNITS[system][q];
			if (unit === null) assumedUnits.push(quantity);
		}
		columns[quantity] = entry;
	}
	const missing: string[] = [];
	if (!found.has('rpm')) missing.push('rpm');
	if (!found.has('power') && !found.has('torque') && !(found.has('force') && found.has('speed')))
		missing.push('power or torque');
	return {
		mapping: missing.length > 0 ? null : ({ vendor, columns } as DynoMappingInput),
		vendor,
		assumedUnits,
		missing,
		unmapped: cells.filter((_, i) => !claimed.has(i)).map((c) => c.header)
	};
}
