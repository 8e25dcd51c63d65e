import {
	DATA_TYPES,
	extractBits,
	insertBits,
	rawToUser,
	readRaw,
	userToRaw,
	writeRaw
} from './data-types';
import type { Constant, Endianness, NumericValue } from './model';
import { byteLength } from './parse-constants';

/** A scalar in user units, an array's values row-major, a bits field's raw index, or a string constant's text. */
export type ConstantValue = number | number[] | string;

/**
 * Reads `constant` from its page image in user units. Scaling given as an expression needs a scope to evaluate
 * in, so such constants throw a TypeError naming the expression rather than return a wrong number: read them
 * through definitionScope (definition-scope.ts), which evaluates the scaling first.
 */
export function readConstant(
	page: Uint8Array,
	constant: Constant,
	endianness: Endianness
): ConstantValue {
	checkFits(page, constant);
	const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
	switch (constant.kind) {
		case 'string': {
			let text = '';
			for (let i = 0; i < constant.length; i++) {
				const b = page[constant.offset + i];
				if (b === 0) break;
				text += String.fromCharCode(b);
			}
			return text;
		}
		case 'bits': {
			const word = readRaw(view, constant.offset, constant.type, endianness);
			return extractBits(word, constant.low, constant.high);
		}
		case 'scalar': {
			const raw = readRaw(view, constant.offset, constant.type, endianness);
			return rawToUser(raw, number(constant.scale, constant), number(constant.translate, constant));
		}
		case 'array': {
			const scale = number(constant.scale, constant);
			const translate = number(constant.translate, constant);
			const size = DATA_TYPES[constant.type].size;
			const count = constant.shape.columns * constant.shape.rows;
			const out = new Array<number>(count);
			for (let i = 0; i < count; i++) {
				const raw = readRaw(view, constant.offset + i * size, constant.type, endianness);
				out[i] = rawToUser(raw, scale, translate);
			}
			return out;
		}
	}
}

/**
 * Writes `value` (user units; a bits field takes its index or option label) into the page image. Values are
 * rounded and clamped to the storage type, as the ECU would store them.
 */
export function writeConstant(
	page: Uint8Array,
	constant: Constant,
	endianness: Endianness,
	value: ConstantValue
): void {
	checkFits(page, constant);
	const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
	switch (constant.kind) {
		case 'string': {
			if (typeof value !== 'string') throw new TypeError(`${constant.name} takes text`);
			for (let i = 0; i < constant.length; i++) {
				page[constant.offset + i] = i < value.length ? value.charCodeAt(i) & 0xff : 0;
			}
			return;
		}
		case 'bits': {
			const index = typeof value === 'string' ? constant.options.indexOf(value) : value;
			if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
				throw new TypeError(`${constant.name} has no option ${JSON.stringify(value)}`);
			}
			if (index >= 2 ** (constant.high - constant.low + 1)) {
				throw new RangeError(
					`${constant.name}: ${index} does not fit bits [${constant.low}:${constant.high}]`
				);
			}
			const word = readRaw(view, constant.offset, constant.type, endianness);
			writeRaw(
				view,
				constant.offset,
				constant.type,
				endianness,
				insertBits(word, constant.low, constant.high, index)
			);
			return;
		}
		case 'scalar': {
			if (typeof value !== 'number') throw new TypeError(`${constant.name} takes a number`);
			const raw = userToRaw(
				value,
				number(constant.scale, constant),
				number(constant.translate, constant)
			);
			writeRaw(view, constant.offset, constant.type, endianness, raw);
			return;
		}
		case 'array': {
			const count = constant.shape.columns * constant.shape.rows;
			if (!Array.isArray(value) || value.length !== count) {
				throw new TypeError(`${constant.name} takes ${count} numbers`);
			}
			const scale = number(constant.scale, constant);
			const translate = number(constant.translate, constant);
			const size = DATA_TYPES[constant.type].size;
			for (let i = 0; i < count; i++) {
				writeRaw(
					view,
					constant.offset + i * size,
					constant.type,
					endianness,
					userToRaw(value[i], scale, translate)
				);
			}
		}
	}
}

function number(value: NumericValue, constant: Constant): number {
	if (typeof value === 'number') return value;
	throw new TypeError(
		`${constant.name}: scaling {${value.source}} needs a scope (definitionScope)`
	);
}

function checkFits(page: Uint8Array, constant: Constant): void {
	const end = constant.offset + byteLength(constant);
	if (end > page.length) {
		throw new RangeError(`${constant.name} ends at byte ${end}, past the ${page.length}-byte page`);
	}
}
