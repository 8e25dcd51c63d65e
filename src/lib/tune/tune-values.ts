import type { EnvValue } from './ini';
import type { BitsSpec, ConstantSpec, TuneValue } from './model';

/**
 * A tune value as the expression evaluator reads it: arrays flattened row-major, bits as their option index, text
 * as text. Undefined when a bits label is not one of the options.
 */
export function envValue(spec: ConstantSpec | undefined, value: TuneValue): EnvValue | undefined {
	if (Array.isArray(value)) return value.flat();
	if (spec?.kind === 'bits') return bitsIndex(spec, value);
	return value;
}

/** A bits value's raw index: a label's first index among the options, or the number itself. */
export function bitsIndex(spec: Pick<BitsSpec, 'options'>, value: TuneValue): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const index = spec.options.indexOf(value);
	return index >= 0 ? index : undefined;
}

/** The value a bits index stands for in the model: its label, or the index when it has no label of its own. */
export function bitsValue(spec: Pick<BitsSpec, 'options'>, index: number): string | number {
	const label = spec.options[index];
	if (label === undefined || label === 'INVALID' || spec.options.indexOf(label) !== index)
		return index;
	return label;
}
