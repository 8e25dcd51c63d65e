import type { ConstantSpec, TuneValue } from '../model';
import { bitsValue } from '../tune-values';
import type { Attributes } from './document';
import { javaDouble } from './java-double';

/** An entry's text that does not fit its constant; `reason` says how. */
export class MsqValueError extends Error {
	override name = 'MsqValueError';
}

/**
 * Reads an entry's text as `spec` describes it: a number; whitespace-separated numbers, as many as the array has
 * cells (reshaped to the spec's rows and columns); a quoted option label, or an index where TunerStudio writes one
 * (an option labelled INVALID, a bits field without labels); a string as written.
 */
export function decodeMsqValue(spec: ConstantSpec, text: string): TuneValue {
	const trimmed = text.trim();
	switch (spec.kind) {
		case 'scalar': {
			const value = Number(trimmed);
			if (trimmed === '' || !Number.isFinite(value)) {
				throw new MsqValueError(`"${trimmed}" is not a number`);
			}
			return value;
		}
		case 'array': {
			const tokens = trimmed === '' ? [] : trimmed.split(/\s+/);
			const count = spec.rows * spec.columns;
			if (tokens.length !== count) {
				throw new MsqValueError(`${tokens.length} values for a ${spec.rows}×${spec.columns} array`);
			}
			const numbers = tokens.map(Number);
			const bad = tokens.find((t, i) => !Number.isFinite(numbers[i]));
			if (bad !== undefined) throw new MsqValueError(`"${bad}" is not a number`);
			return Array.from({ length: spec.rows }, (_, r) =>
				numbers.slice(r * spec.columns, (r + 1) * spec.columns)
			);
		}
		case 'bits': {
			const label = unquote(trimmed);
			const index = spec.options.indexOf(label);
			if (index >= 0 && label !== 'INVALID') return label;
			if (/^\d+$/.test(label)) return bitsValue(spec, Number(label));
			throw new MsqValueError(`"${label}" is not one of its options`);
		}
		case 'string':
			return unquote(text);
	}
}

/**
 * An entry for `value` as TunerStudio writes it: attributes (cols/rows for arrays, digits and units for numbers,
 * name) and text (Java's number format; array rows one per line; option labels quoted).
 */
export function encodeMsqValue(
	spec: ConstantSpec,
	value: TuneValue,
	indent: number
): { attributes: Attributes; text: string } {
	const name: [string, string] = ['name', spec.name];
	switch (spec.kind) {
		case 'scalar':
			if (typeof value !== 'number') throw new MsqValueError(`${spec.name} takes a number`);
			return {
				attributes: [['digits', String(spec.digits)], name, ...units(spec.units)],
				text: javaDouble(value)
			};
		case 'array': {
			if (!isGrid(value, spec.rows, spec.columns)) {
				throw new MsqValueError(`${spec.name} takes ${spec.rows} rows of ${spec.columns} numbers`);
			}
			const rowPad = ' '.repeat(indent + 1);
			const lines = value.map((row) => `${rowPad}${row.map(javaDouble).join(' ')} \n`);
			return {
				attributes: [
					['cols', String(spec.columns)],
					['digits', String(spec.digits)],
					name,
					['rows', String(spec.rows)],
					...units(spec.units)
				],
				text: `\n${lines.join('')}${' '.repeat(Math.max(0, indent - 2))}`
			};
		}
		case 'bits':
			if (typeof value !== 'string' && typeof value !== 'number') {
				throw new MsqValueError(`${spec.name} takes an option`);
			}
			return { attributes: [name], text: `"${value}"` };
		case 'string':
			if (typeof value !== 'string') throw new MsqValueError(`${spec.name} takes text`);
			return { attributes: [name], text: value };
	}
}

function units(text: string): [string, string][] {
	return text === '' ? [] : [['units', text]];
}

function unquote(text: string): string {
	return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

export function isGrid(value: TuneValue, rows: number, columns: number): value is number[][] {
	return (
		Array.isArray(value) &&
		value.length === rows &&
		value.every(
			(r) => Array.isArray(r) && r.length === columns && r.every((v) => typeof v === 'number')
		)
	);
}
