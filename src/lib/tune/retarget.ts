import type { Tune, TuneSchema, TuneValue } from './model';
import { fitsSpec } from './table/view';

export interface RetargetResult {
	/** The tune for `schema`'s signature, holding every value that fits. */
	tune: Tune;
	/** Values of the old tune the new definition does not have. */
	dropped: string[];
	/** Values the new definition has but whose old value does not fit (another shape, an unknown option). */
	mismatched: { name: string; reason: string }[];
	/** Constants of the new definition the old tune has no value for: review them before writing. */
	unset: string[];
}

/**
 * Imports a tune into another definition (a firmware update, SignatureMismatchError's advice): values carry over by
 * constant name where the new definition has the same kind and shape; everything else is listed for review, never
 * coerced. The result carries the new definition's signature.
 */
export function retargetTune(tune: Tune, schema: TuneSchema): RetargetResult {
	const values: Record<string, TuneValue> = {};
	const dropped: string[] = [];
	const mismatched: RetargetResult['mismatched'] = [];
	for (const [name, value] of Object.entries(tune.values)) {
		const spec = schema.constants.get(name);
		if (!spec) dropped.push(name);
		else if (!fitsSpec(spec, value)) {
			mismatched.push({ name, reason: `the old value does not fit the new ${spec.kind} ${name}` });
		} else values[name] = value;
	}
	const unset = [...schema.constants.values()]
		.filter((s) => s.location === 'ecu' && !Object.hasOwn(values, s.name))
		.map((s) => s.name);
	return { tune: { signature: schema.signature, values }, dropped, mismatched, unset };
}
