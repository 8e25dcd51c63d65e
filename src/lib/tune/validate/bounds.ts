import type { Tune, TuneSchema } from '../model';
import type { Violation } from './violation';

/**
 * Every ECU value against its definition: numbers inside the ini's lo/hi (and finite), options among the labels
 * (not INVALID), text within its length. Out-of-range values are critical: the ECU would store something the
 * definition says it must not use (TunerStudio refuses such input in its dialogs).
 */
export function checkBounds(tune: Tune, schema: TuneSchema): Violation[] {
	const out: Violation[] = [];
	for (const spec of schema.constants.values()) {
		if (spec.location !== 'ecu') continue;
		const value = tune.values[spec.name];
		if (value === undefined) continue;
		switch (spec.kind) {
			case 'scalar':
			case 'array': {
				const cells = typeof value === 'number' ? [[value]] : Array.isArray(value) ? value : null;
				if (!cells) {
					out.push(
						option(spec.name, String(value), `${spec.name} holds text where a number belongs`)
					);
					break;
				}
				cells.forEach((row, r) =>
					row.forEach((v, c) => {
						if (Number.isFinite(v) && v >= spec.min && v <= spec.max) return;
						const low = !(v >= spec.min);
						out.push({
							rule: 'bounds',
							severity: 'critical',
							constant: spec.name,
							...(spec.kind === 'array' ? { cell: { row: r, column: c } } : {}),
							value: v,
							limit: low ? spec.min : spec.max,
							reason: Number.isFinite(v)
								? `${spec.name} ${spec.kind === 'array' ? `[${r + 1}][${c + 1}] ` : ''}is ${v}${units(spec.units)}, ` +
									`${low ? 'below' : 'above'} the definition's ${low ? 'minimum' : 'maximum'} ` +
									`${low ? spec.min : spec.max}${units(spec.units)}`
								: `${spec.name} is not a number (${v})`
						});
					})
				);
				break;
			}
			case 'bits': {
				if (Array.isArray(value)) {
					out.push(
						option(spec.name, 'an array', `${spec.name} holds an array where an option belongs`)
					);
					break;
				}
				const index = typeof value === 'number' ? value : spec.options.indexOf(value);
				const label = spec.options[index];
				if (typeof value === 'string' && index < 0) {
					out.push(
						option(spec.name, value, `${spec.name} is "${value}", which is not one of its options`)
					);
				} else if (label === 'INVALID' || (label === undefined && spec.options.length > 0)) {
					out.push(
						option(
							spec.name,
							value,
							`${spec.name} is option ${index}, which the definition marks as not valid`
						)
					);
				}
				break;
			}
			case 'string':
				if (typeof value === 'string' && value.length > spec.length) {
					out.push({
						rule: 'bounds',
						severity: 'critical',
						constant: spec.name,
						value: value.length,
						limit: spec.length,
						reason: `${spec.name} is ${value.length} characters; the ECU holds ${spec.length}`
					});
				}
		}
	}
	return out;
}

function option(constant: string, value: string | number, reason: string): Violation {
	return { rule: 'option', severity: 'critical', constant, value, reason };
}

function units(u: string): string {
	return u.trim() ? ` ${u.trim()}` : '';
}
