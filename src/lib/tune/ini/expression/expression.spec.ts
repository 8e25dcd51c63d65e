import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	ExpressionCycleError,
	IniExpressionError,
	MAX_DEPTH,
	compileExpression,
	dependencyOrder,
	fixedScope,
	inputScope,
	namesIn,
	parseExpression,
	tokenize,
	type ExpressionScope
} from '.';

const none: ExpressionScope = { resolve: () => undefined };
const value = (text: string, scope: ExpressionScope = none) =>
	compileExpression(text, scope).evaluate();

/** The typed error `fn` throws. */
function thrown(fn: () => unknown): IniExpressionError {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(IniExpressionError);
		return e as IniExpressionError;
	}
	throw new Error('did not throw');
}

describe('tokenize', () => {
	it('reads decimal, float, exponent and hex numbers, names with $ and dots, strings and operators', () => {
		const tokens = tokenize(
			'0x1F + 1.5e2 - .25 * $tsCanId / array.boardFuelOutputs <= "a \\"b\\""'
		);
		expect(tokens.map((t) => [t.kind, t.value])).toEqual([
			['number', 31],
			['operator', '+'],
			['number', 150],
			['operator', '-'],
			['number', 0.25],
			['operator', '*'],
			['name', '$tsCanId'],
			['operator', '/'],
			['name', 'array.boardFuelOutputs'],
			['operator', '<='],
			['text', 'a "b"'],
			['end', '']
		]);
	});

	it('rejects characters that start no token, with their column', () => {
		const e = thrown(() => tokenize('a = 1'));
		expect(e.code).toBe('syntax');
		expect(e.column).toBe(3);
		expect(e.message).toMatch(/unexpected character "=" \(comparison is "=="\)/);
		expect(thrown(() => tokenize('12abc')).message).toMatch(/malformed number "12a"/);
		expect(thrown(() => tokenize('"open')).message).toMatch(/unterminated string/);
	});
});

describe('precedence and associativity (C order)', () => {
	it.each([
		['1 + 2 * 3', 7],
		['(1 + 2) * 3', 9],
		['10 - 3 - 2', 5],
		['100 / 10 / 5', 2],
		['17 % 5 * 2', 4],
		['2 * 3 % 4', 2],
		['-2 * 3', -6],
		['- -4', 4],
		['!0 + !5', 1],
		['~5 & 0xff', 250],
		['1 + 2 << 1', 6],
		['1 << 2 + 1', 8],
		['256 >> 2 >> 1', 32],
		['1 < 2 == 1', 1],
		['2 > 1 > 0', 1],
		['3 < 2 < 1', 1],
		['1 == 1 != 0', 1],
		['6 & 3 == 3', 0],
		['(6 & 3) == 2', 1],
		['1 | 2 ^ 3 & 4', 3],
		['5 ^ 1 | 8', 12],
		['0 || 1 && 0', 0],
		['1 || 0 && 0', 1],
		['(1 || 0) && 0', 0],
		['1 && 2 | 4', 1],
		['3 - 4 * 2 + 6 / 3', -3]
	])('%s = %d', (text, expected) => {
		expect(value(text)).toBe(expected);
	});

	it('groups like this', () => {
		const tree = parseExpression('a - b - c * d');
		expect(tree).toMatchObject({
			type: 'binary',
			operator: '-',
			left: { type: 'binary', operator: '-', left: { name: 'a' }, right: { name: 'b' } },
			right: { type: 'binary', operator: '*' }
		});
	});
});

describe('ternary', () => {
	it.each([
		['1 ? 2 : 3', 2],
		['0 ? 2 : 3', 3],
		['1 ? 0 ? 4 : 5 : 6', 5],
		['0 ? 1 : 0 ? 2 : 3', 3],
		['0 ? 1 : 1 ? 2 : 3', 2],
		['1 + 1 ? 10 : 20', 10],
		['0 || 0 ? 10 : 20', 20],
		['(1 ? 2 : 3) + 4', 6],
		['1 ? 2 : 3 + 4', 2],
		['0 ? 2 : 3 + 4', 7]
	])('%s = %d', (text, expected) => {
		expect(value(text)).toBe(expected);
	});

	it('nests to the right, as speeduino.ini fuelLoad2 relies on', () => {
		const scope = inputScope({ f: 'number', map: 'number', tps: 'number' });
		const fuelLoad2 = compileExpression('f == 0 ? map : f == 1 ? tps : f == 2 ? 0 : 0', scope);
		expect([0, 1, 2, 3].map((f) => fuelLoad2.evaluate({ f, map: 95, tps: 40 }))).toEqual([
			95, 40, 0, 0
		]);
	});

	it('evaluates only the branch it takes, and && / || short-circuit', () => {
		const hits: number[] = [];
		const scope: ExpressionScope = {
			resolve: () => ({ kind: 'input', type: 'number' }),
			table: (file) => (x) => (hits.push(Number(file)), x)
		};
		// Arguments read an input, so nothing is folded at compile time.
		compileExpression('c ? table(c, "1") : table(c, "2")', scope).evaluate({ c: 0 });
		compileExpression('c && table(c, "3")', scope).evaluate({ c: 0 });
		compileExpression('c || table(c, "4")', scope).evaluate({ c: 1 });
		expect(hits).toEqual([2]);
	});
});

describe('numbers, truth and IEEE edge cases', () => {
	it('divides by zero per IEEE instead of throwing', () => {
		expect(value('1 / 0')).toBe(Infinity);
		expect(value('-1 / 0')).toBe(-Infinity);
		expect(value('0 / 0')).toBeNaN();
		expect(value('5 % 0')).toBeNaN();
		expect(value('-7 % 3')).toBe(-1);
		const rpm = compileExpression('rpm ? (60000.0 / rpm) : 0', inputScope({ rpm: 'number' }));
		expect(rpm.evaluate({ rpm: 0 })).toBe(0);
		expect(rpm.evaluate({ rpm: 6000 })).toBe(10);
	});

	it('treats NaN as false and reads a missing input as NaN', () => {
		const c = compileExpression('x > 1 && y', inputScope({ x: 'number', y: 'number' }));
		expect(c.inputs).toEqual(['x', 'y']);
		expect(c.evaluate({ x: 2, y: 5 })).toBe(1);
		expect(c.evaluate({ x: 2 })).toBe(0);
		expect(c.evaluate({ x: 2, y: 'text' })).toBe(0);
		expect(value('(0/0) ? 1 : 2')).toBe(2);
		expect(value('!(0/0)')).toBe(1);
		expect(compileExpression('x', inputScope({ x: 'number' })).test({ x: NaN })).toBe(false);
	});

	it('does bit arithmetic on 32-bit integers, keeping U32 values unsigned', () => {
		expect(value('0xF0 | 0x0F')).toBe(0xff);
		expect(value('0xFF ^ 0x0F')).toBe(0xf0);
		expect(value('0xFFFFFFFF & 0x80000000')).toBe(0x80000000);
		expect(value('1 << 31')).toBe(0x80000000);
		expect(value('0x80000000 >> 31')).toBe(1);
		expect(value('-8 >> 1')).toBe(-4);
		expect(value('-1 & 0xFF')).toBe(255);
		expect(value('~0')).toBe(-1);
		expect(value('5.9 & 3')).toBe(1);
		expect(value('(1/0) | 0')).toBe(0);
		// speeduino.ini status bytes: a bit is `(status3 >> 5) & 7`.
		const nSquirts = compileExpression('(status3 >> 5) & 7', inputScope({ status3: 'number' }));
		expect(nSquirts.evaluate({ status3: 0b0100_0001 })).toBe(2);
	});
});

describe('functions', () => {
	it.each([
		['abs(-3)', 3],
		['round(2.5)', 3],
		['round(-2.5)', -2],
		['floor(-1.5)', -2],
		['ceil(1.2)', 2],
		['sqrt(16)', 4],
		['log(exp(2))', 2],
		['log10(1000)', 3],
		['pow(2, 10)', 1024],
		['sin(0)', 0],
		['cos(0)', 1],
		['atan2(1, 1) * 4', Math.PI],
		['min(3, 1, 2)', 1],
		['max(3, 1, 2)', 3],
		['max(4)', 4],
		['isNaN(0/0)', 1],
		['isNaN(1/0)', 0]
	])('%s = %d', (text, expected) => {
		expect(value(text)).toBeCloseTo(expected, 12);
	});

	it('reads $-prefixed names like any other', () => {
		expect(value('$tsCanId * 2 + 1', fixedScope({ $tsCanId: 3 }))).toBe(7);
		expect(thrown(() => value('$tsCanId'))).toMatchObject({
			code: 'unknown-name',
			subject: '$tsCanId'
		});
	});

	it('gives NaN for out-of-domain input rather than throwing', () => {
		expect(value('sqrt(-1)')).toBeNaN();
		expect(value('log(-1)')).toBeNaN();
		expect(value('min(1, 0/0)')).toBeNaN();
	});

	it('reads arrays: name[i] and arrayValue(array.name, i), NaN out of range', () => {
		const scope = fixedScope({ boardFuelOutputs: [4, 8, 6], pinLayout: 1 });
		expect(value('arrayValue(array.boardFuelOutputs, pinLayout)', scope)).toBe(8);
		expect(value('arrayValue(boardFuelOutputs, 2)', scope)).toBe(6);
		expect(value('boardFuelOutputs[2.9]', scope)).toBe(6);
		expect(value('boardFuelOutputs[3]', scope)).toBeNaN();
		expect(value('boardFuelOutputs[-1]', scope)).toBeNaN();
		const live = inputScope({ outputPin: 'array', i: 'number' });
		const pin = compileExpression('(outputPin[i] != 0)', live);
		expect(pin.evaluate({ outputPin: [0, 3], i: 1 })).toBe(1);
		expect(pin.evaluate({ outputPin: [0, 3], i: 0 })).toBe(0);
		expect(pin.evaluate({ i: 0 })).toBe(1);
		expect(pin.inputs).toEqual(['outputPin', 'i']);
	});

	it('reads labels: bitStringValue(bits, i) and stringValue(name)', () => {
		const scope = fixedScope(
			{ algorithm: 1, alias: 'Boost' },
			{ algorithmUnits: ['kPa', '% TPS', '%'], algorithm: ['MAP', 'TPS', 'IMAP/EMAP'] }
		);
		expect(value('bitStringValue(algorithmUnits, algorithm)', scope)).toBe('% TPS');
		expect(value('bitStringValue( algorithmUnits , 7 )', scope)).toBe('');
		expect(value('stringValue(alias)', scope)).toBe('Boost');
		expect(value('stringValue(algorithm)', scope)).toBe('TPS');
		expect(value('stringValue(alias) == "Boost"', scope)).toBe(1);
		expect(value('algorithm ? "on" : "off"', scope)).toBe('on');
		const c = compileExpression('bitStringValue(algorithmUnits, algorithm)', scope);
		expect(c).toMatchObject({ type: 'text', constant: true });
	});

	it('looks tables up through the scope: table(x, "file.inc")', () => {
		const scope: ExpressionScope = {
			resolve: (n) => (n === 'adcValue' ? { kind: 'input', type: 'number' } : undefined),
			table: (file) => (file === 'nb.inc' ? (volts) => volts * 2 : undefined)
		};
		const nb = compileExpression('table(adcValue*5/1023 , "nb.inc")', scope);
		expect(nb.evaluate({ adcValue: 1023 })).toBe(10);
		const e = thrown(() => compileExpression('table(adcValue, "zeitronix.inc")', scope));
		expect(e).toMatchObject({ code: 'unknown-table', subject: 'zeitronix.inc', column: 17 });
	});

	it('keeps history per call site for pastValue and maxValue, until reset', () => {
		const scope = inputScope({ refTime: 'number' });
		const tooth = compileExpression('refTime - pastValue(refTime, 1)', scope);
		const max = compileExpression('maxValue(refTime)', scope);
		const times = [10, 12, 15, 15, 30];
		expect(times.map((refTime) => tooth.evaluate({ refTime }))).toEqual([NaN, 2, 3, 0, 15]);
		expect(times.map((refTime) => max.evaluate({ refTime }))).toEqual([10, 12, 15, 15, 30]);
		expect(max.evaluate({})).toBe(30);
		tooth.reset();
		max.reset();
		expect(tooth.evaluate({ refTime: 40 })).toBeNaN();
		expect(max.evaluate({ refTime: 1 })).toBe(1);
		expect(max.constant).toBe(false);
	});

	it('reads timeNow from the scope clock', () => {
		let now = 12.5;
		const time = compileExpression('timeNow', { resolve: () => undefined, clock: () => now });
		expect(time.evaluate()).toBe(12.5);
		now = 13;
		expect(time.evaluate()).toBe(13);
		expect(time.constant).toBe(false);
	});
});

describe('compile-time errors', () => {
	it('names an unknown function and its position', () => {
		const e = thrown(() =>
			compileExpression('1 + smoothBasic(rpm, 4)', none, { line: 40, column: 9 })
		);
		expect(e).toMatchObject({
			code: 'unknown-function',
			subject: 'smoothBasic',
			line: 40,
			column: 13
		});
		expect(e.message).toMatch(/^line 40, column 13: unknown function "smoothBasic"/);
	});

	it('names an unknown name', () => {
		const e = thrown(() => compileExpression('coolantRaw - 40', none));
		expect(e).toMatchObject({ code: 'unknown-name', subject: 'coolantRaw', column: 1 });
	});

	it('counts lines within a multi-line expression', () => {
		const e = thrown(() => parseExpression('a +\n  b +\n    * 2', { line: 100, column: 20 }));
		expect(e).toMatchObject({ code: 'syntax', line: 102, column: 5 });
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['1 +', 'syntax'],
		['(1 + 2', 'syntax'],
		['1 ? 2', 'syntax'],
		['f(1,', 'syntax'],
		['1 2', 'syntax'],
		['a[1', 'syntax'],
		['()', 'syntax']
	])('rejects %j as %s', (text, code) => {
		expect(thrown(() => parseExpression(text)).code).toBe(code);
	});

	it('checks argument counts and kinds', () => {
		expect(thrown(() => value('pow(2)'))).toMatchObject({ code: 'arity', subject: 'pow' });
		expect(thrown(() => value('abs(1, 2)')).message).toMatch(/abs\(\) takes 1 argument, got 2/);
		expect(thrown(() => value('min()')).message).toMatch(/min\(\) takes at least 1 arguments/);
		const scope = fixedScope({ arr: [1], n: 1, s: 'x' });
		expect(thrown(() => value('arr + 1', scope)).code).toBe('type');
		expect(thrown(() => value('n[0]', scope)).code).toBe('type');
		expect(thrown(() => value('s * 2', scope)).code).toBe('type');
		expect(thrown(() => value('n ? s : 1', scope)).code).toBe('type');
		expect(thrown(() => value('bitStringValue(n, 0)', scope)).code).toBe('type');
		expect(thrown(() => value('arrayValue(1, 0)', scope)).code).toBe('type');
		expect(thrown(() => value('pastValue(n, n + 0.5)', scope)).code).toBe('type');
	});

	it('refuses nesting beyond MAX_DEPTH instead of overflowing the stack', () => {
		const deep = '('.repeat(MAX_DEPTH + 1) + '1' + ')'.repeat(MAX_DEPTH + 1);
		expect(thrown(() => parseExpression(deep)).code).toBe('too-deep');
		expect(thrown(() => parseExpression('-'.repeat(100_000) + '1')).code).toBe('too-deep');
		const ok = '('.repeat(50) + '1' + ')'.repeat(50);
		expect(value(ok)).toBe(1);
	});
});

describe('folding', () => {
	it('folds what depends only on fixed values and reads inputs at evaluation time', () => {
		const scope: ExpressionScope = {
			resolve: (n) =>
				n === 'stoich' ? { kind: 'value', value: 14.7 } : { kind: 'input', type: 'number' }
		};
		const fixed = compileExpression('0.1 / stoich * 2', scope);
		expect(fixed).toMatchObject({ constant: true, inputs: [] });
		expect(fixed.evaluate()).toBeCloseTo(0.2 / 14.7, 15);
		const lambda = compileExpression('afr / stoich', scope);
		expect(lambda).toMatchObject({ constant: false, inputs: ['afr'] });
		expect(lambda.evaluate({ afr: 14.7 })).toBe(1);
	});
});

describe('namesIn and dependencyOrder', () => {
	it('lists every name an expression reads', () => {
		const names = namesIn(
			parseExpression('arrayValue(array.b, p) + c[i] ? bitStringValue(u, a) : d')
		);
		expect([...names].sort()).toEqual(['a', 'array.b', 'c', 'd', 'i', 'p', 'u']);
	});

	it('orders dependencies first and names a loop', () => {
		const defs = { c: ['b'], b: ['a', 'raw'], a: [], d: ['c', 'a'] } as Record<string, string[]>;
		const order = dependencyOrder(
			Object.keys(defs),
			(n) => n,
			(n) => defs[n]
		);
		expect(order).toEqual(['a', 'b', 'c', 'd']);
		const loop = { x: ['y'], y: ['z'], z: ['x'], w: [] } as Record<string, string[]>;
		let err: unknown;
		try {
			dependencyOrder(
				Object.keys(loop),
				(n) => n,
				(n) => loop[n],
				'output channels'
			);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ExpressionCycleError);
		expect((err as ExpressionCycleError).names).toEqual(['x', 'y', 'z', 'x']);
		expect((err as Error).message).toBe(
			'output channels depend on each other in a loop: x → y → z → x'
		);
	});

	it('handles a long chain without recursion', () => {
		const n = 50_000;
		const names = Array.from({ length: n }, (_, i) => `c${i}`);
		const order = dependencyOrder(
			names,
			(x) => x,
			(x) => (x === 'c0' ? [] : [`c${Number(x.slice(1)) - 1}`])
		);
		expect(order[0]).toBe('c0');
		expect(order[n - 1]).toBe(`c${n - 1}`);
	});
});

describe('CSP safety', () => {
	it('never builds code from strings', () => {
		const dir = path.resolve('src/lib/tune/ini/expression');
		for (const file of readdirSync(dir).filter(
			(f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')
		)) {
			const code = readFileSync(path.join(dir, file), 'utf8')
				.replace(/\/\*[\s\S]*?\*\//g, '')
				.replace(/\/\/.*$/gm, '');
			expect(code, file).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
		}
	});
});
