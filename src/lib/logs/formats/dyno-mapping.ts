import * as v from 'valibot';
import {
	FORCE_TO_N,
	POWER_TO_KW,
	PRESSURE_TO_KPA,
	SPEED_TO_KMH,
	TIME_TO_S,
	TORQUE_TO_NM
} from './units';

const units = <T extends Record<string, number>>(table: T) =>
	v.picklist(Object.keys(table) as [keyof T & string, ...(keyof T & string)[]]);
const Column = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));
const Plain = v.strictObject({ column: Column });

export const DYNO_VENDORS = ['dynojet', 'mainline', 'dynocom', 'generic'] as const;
export type DynoVendor = (typeof DYNO_VENDORS)[number];

/**
 * Which CSV column holds what, in which unit: a shop saves one per dyno and export template. Columns are named by
 * their header text as it appears in the file (including any "(unit)"), so a mapping reads like the file.
 */
export const DynoMappingSchema = v.pipe(
	v.strictObject({
		/** The shop's label, e.g. "Dynojet 250i, WinPEP 8 export". */
		name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
		vendor: v.optional(v.picklist(DYNO_VENDORS), 'generic'),
		delimiter: v.optional(v.picklist(['auto', 'tab', 'comma', 'semicolon']), 'auto'),
		decimal: v.optional(v.picklist(['auto', '.', ',']), 'auto'),
		headerLine: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
		unitsRow: v.optional(v.union([v.boolean(), v.literal('auto')]), 'auto'),
		columns: v.strictObject({
			rpm: Plain,
			power: v.optional(v.strictObject({ column: Column, unit: units(POWER_TO_KW) })),
			torque: v.optional(v.strictObject({ column: Column, unit: units(TORQUE_TO_NM) })),
			speed: v.optional(v.strictObject({ column: Column, unit: units(SPEED_TO_KMH) })),
			/** Tractive effort at the roller. */
			force: v.optional(v.strictObject({ column: Column, unit: units(FORCE_TO_N) })),
			afr: v.optional(Plain),
			lambda: v.optional(Plain),
			/** As the dyno reports it (normally gauge). */
			boost: v.optional(v.strictObject({ column: Column, unit: units(PRESSURE_TO_KPA) })),
			time: v.optional(v.strictObject({ column: Column, unit: units(TIME_TO_S) }))
		})
	}),
	v.check(
		({ columns: c }) => !!(c.power || c.torque || (c.force && c.speed)),
		'map a power or torque column (or force and speed)'
	)
);

export type DynoMappingInput = v.InferInput<typeof DynoMappingSchema>;
export type DynoMapping = v.InferOutput<typeof DynoMappingSchema>;
export type DynoQuantity = keyof DynoMapping['columns'];
