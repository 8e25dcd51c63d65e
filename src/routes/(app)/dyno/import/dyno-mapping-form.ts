import type { DynoMappingInput, DynoVendor } from '$lib/logs/formats';
import type { DynoQuantity } from '$lib/logs/formats/dyno-mapping';
import {
	FORCE_TO_N,
	POWER_TO_KW,
	PRESSURE_TO_KPA,
	SPEED_TO_KMH,
	TIME_TO_S,
	TORQUE_TO_NM
} from '$lib/logs/formats/units';

/** Each mappable quantity, its label and the units the importer converts from (none: taken as is). */
export const QUANTITIES: readonly { key: DynoQuantity; label: string; units: readonly string[] }[] =
	[
		{ key: 'rpm', label: 'Engine speed (rpm)', units: [] },
		{ key: 'power', label: 'Power', units: Object.keys(POWER_TO_KW) },
		{ key: 'torque', label: 'Torque', units: Object.keys(TORQUE_TO_NM) },
		{ key: 'speed', label: 'Road speed', units: Object.keys(SPEED_TO_KMH) },
		{ key: 'force', label: 'Tractive force', units: Object.keys(FORCE_TO_N) },
		{ key: 'afr', label: 'AFR', units: [] },
		{ key: 'lambda', label: 'Lambda', units: [] },
		{ key: 'boost', label: 'Boost', units: Object.keys(PRESSURE_TO_KPA) },
		{ key: 'time', label: 'Time', units: Object.keys(TIME_TO_S) }
	];

/** The mapping as the form edits it: '' is "not mapped" / "detect". */
export interface DynoMappingForm {
	vendor: DynoVendor;
	delimiter: 'auto' | 'tab' | 'comma' | 'semicolon';
	decimal: 'auto' | '.' | ',';
	columns: Record<DynoQuantity, { column: string; unit: string }>;
}

export function formFromMapping(mapping: DynoMappingInput | null): DynoMappingForm {
	const given = (mapping?.columns ?? {}) as Partial<
		Record<DynoQuantity, { column: string; unit?: string }>
	>;
	return {
		vendor: mapping?.vendor ?? 'generic',
		delimiter: mapping?.delimiter ?? 'auto',
		decimal: mapping?.decimal ?? 'auto',
		columns: Object.fromEntries(
			QUANTITIES.map((q) => [
				q.key,
				{ column: given[q.key]?.column ?? '', unit: given[q.key]?.unit ?? q.units[0] ?? '' }
			])
		) as DynoMappingForm['columns']
	};
}

/** The form as the importer's mapping: unmapped quantities left out, units only where a quantity has them. */
export function mappingFromForm(form: DynoMappingForm): DynoMappingInput {
	const columns: Record<string, { column: string; unit?: string }> = {};
	for (const q of QUANTITIES) {
		const c = form.columns[q.key];
		if (!c.column) continue;
		columns[q.key] = q.units.length
			? { column: c.column, unit: q.units.includes(c.unit) ? c.unit : q.units[0] }
			: { column: c.column };
	}
	return {
		vendor: form.vendor,
		delimiter: form.delimiter,
		decimal: form.decimal,
		columns
	} as DynoMappingInput;
}
