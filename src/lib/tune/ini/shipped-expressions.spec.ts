import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { msqPageImages, readMsq } from '../../hardware/emulators/msq-pages';
import {
	compileOutputChannels,
	decodeOutputChannels
} from '../../hardware/protocol/tunerstudio/output-channels';
import {
	compileExpression,
	constantInputs,
	definitionScope,
	parseExpression,
	parseIni,
	readConstant,
	type EnvValue
} from '.';
import { splitFields } from './fields';
import { readIniLines } from './ini-lines';

const SPEEDUINO = readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8');
const HYPER = readFileSync(path.resolve('../shared/data/hyper-tuner-ini/202103.ini'), 'utf8');
const MSQ = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);

interface Found {
	line: number;
	column: number;
	source: string;
}

/**
 * Every `{ … }` of a file, in every #if arm, outside `;` comments and quoted strings. A `{` that is not closed on
 * its line is listed in `unterminated`.
 */
function braces(text: string): { found: Found[]; unterminated: number[] } {
	const found: Found[] = [];
	const unterminated: number[] = [];
	text.split(/\r\n|\n|\r/).forEach((line, index) => {
		let quoted = false;
		for (let i = 0; i < line.length; i++) {
			const c = line[i];
			if (c === '\\' && quoted) i++;
			else if (c === '"') quoted = !quoted;
			else if (c === ';' && !quoted) return;
			else if (c === '{' && !quoted) {
				const close = line.indexOf('}', i);
				if (close < 0) {
					unterminated.push(index + 1);
					return;
				}
				found.push({ line: index + 1, column: i + 2, source: line.slice(i + 1, close) });
				i = close;
			}
		}
	});
	return { found, unterminated };
}

describe('every {…} expression in the shipped inis', () => {
	it.each([
		['speeduino.ini', SPEEDUINO, 1155, 152, [2456]],
		['202103.ini', HYPER, 1155, 151, [2428]]
	])('%s: every expression parses', (_, text, expressions, placeholders, unterminated) => {
		const all = braces(text);
		const empty = all.found.filter((f) => f.source.trim() === '');
		const real = all.found.filter((f) => f.source.trim() !== '');
		const failures = real.flatMap((f) => {
			try {
				parseExpression(f.source, f);
				return [];
			} catch (e) {
				return [String(e)];
			}
		});
		expect(failures).toEqual([]);
		expect(real.length).toBe(expressions);
		// `{}` is a placeholder (a dialog field with no enable condition), not an expression.
		expect(empty.length).toBe(placeholders);
		// Malformed in the file itself: `field = "Idle Up Output Inverted", idleUpOutputInv, { idleUpEnabled &&
		// idleUpOutputEnabled` never closes its brace. The rest of that line is a valid condition.
		expect(all.unterminated).toEqual(unterminated);
		const line = text.split(/\r\n|\n|\r/)[unterminated[0] - 1];
		expect(line).toMatch(/idleUpOutputInv,\s*\{ idleUpEnabled && idleUpOutputEnabled\s*$/);
		expect(() => parseExpression(line.slice(line.indexOf('{') + 1))).not.toThrow();
	});

	it('points a parse error at the file line and column', () => {
		const e = (() => {
			try {
				parseExpression('rpm ? ( 60000.0 / rpm : 0', { line: 4818, column: 24 });
			} catch (err) {
				return err as { line: number; column: number };
			}
		})();
		expect(e).toMatchObject({ line: 4818, column: 24 + 22 });
	});
});

describe('expressions against the definition they belong to', () => {
	const definition = parseIni(SPEEDUINO, { settings: MSQ.settings });
	const { pages } = msqPageImages(MSQ, definition);
	const channels = new Set(definition.outputChannels.channels.map((c) => c.name));

	it('every active {…} compiles: dialogs, menus, gauges, datalog, channels, constants', () => {
		// [LoggerDefinition] calcFields read the tooth log's `refTime`, [ReferenceTables] solutions the sensor's
		// `adcValue`; those sections supply them, as they would a table for each .inc file.
		const sectionInputs = new Set(['refTime', 'adcValue']);
		const scope = definitionScope(definition, {
			pages,
			inputs: (name) => (channels.has(name) || sectionInputs.has(name) ? 'number' : undefined),
			table: () => (x) => x
		});
		const { entries } = readIniLines(SPEEDUINO, { settings: MSQ.settings });
		const bySection: Record<string, number> = {};
		const failures: string[] = [];
		for (const e of entries) {
			if (e.line === 2456) continue; // the unterminated brace above
			for (const f of splitFields(e.value, e.line)) {
				if (f.kind !== 'expression' || f.source.trim() === '') continue;
				bySection[e.section] = (bySection[e.section] ?? 0) + 1;
				try {
					compileExpression(f.source, scope, { line: e.line });
				} catch (err) {
					failures.push(String(err));
				}
			}
		}
		expect(failures).toEqual([]);
		expect(bySection).toEqual({
			Constants: 35,
			EventTriggers: 1,
			Menu: 17,
			UserDefined: 883,
			CurveEditor: 1,
			GaugeConfigurations: 31,
			FrontPage: 36,
			OutputChannels: 43,
			Datalog: 70,
			LoggerDefinition: 5,
			ReferenceTables: 27
		});
	});

	it('evaluates dialog and menu conditions through the same evaluator, against the tune being edited', () => {
		const values: Record<string, EnvValue> = {};
		for (const c of definition.pages.flatMap((p) => p.constants)) {
			try {
				values[c.name] = readConstant(pages[c.page - 1], c, definition.endianness);
			} catch {
				// Expression-scaled constants: not read by these conditions.
			}
		}
		const constants = constantInputs(definition);
		const live = compileOutputChannels(definition, { pages });
		Object.assign(values, decodeOutputChannels(live, new Uint8Array(live.blockSize)));
		const scope = definitionScope(definition, {
			inputs: (name) => constants(name) ?? (channels.has(name) ? 'number' : undefined)
		});
		// speeduino.ini line 2817: boost valve duty fields only for closed-loop boost.
		const dutyField = compileExpression('boostEnabled && boostType == 1', scope);
		expect(dutyField.inputs).toEqual(['boostEnabled', 'boostType']);
		expect(dutyField.test(values)).toBe(false);
		expect(dutyField.test({ ...values, boostEnabled: 1 })).toBe(false);
		expect(dutyField.test({ ...values, boostEnabled: 1, boostType: 1 })).toBe(true);
		// [Menu] line 1595: trims 5-8 need a board with 5+ fuel outputs (a computed channel from a PcVariable).
		const trims = compileExpression('nFuelChannels >= 5', scope);
		expect(values.nFuelChannels).toBe(4);
		expect(trims.test(values)).toBe(false);
		// Line 2153: the sequential warning reads a bits constant and a computed channel.
		const warning = compileExpression('injLayout == 3 && !sequentialFuelAvailable', scope);
		expect(values.injLayout).toBe(0); // "Paired"
		expect(warning.test(values)).toBe(false);
		expect(warning.test({ ...values, injLayout: 3, sequentialFuelAvailable: 0 })).toBe(true);
		// Output pins: an array constant indexed in the condition.
		const pin = compileExpression('(outputPin[2] != 0)', scope);
		expect(pin.test({ ...values, outputPin: [0, 0, 7, 0, 0, 0, 0, 0] })).toBe(true);
	});

	it('reads [PcVariables] with their defaults and the settings, for labels and board tables', () => {
		const byName = new Map(definition.pcVariables!.map((v) => [v.name, v]));
		expect(definition.pcVariables).toHaveLength(47);
		expect(byName.get('algorithmUnits')).toMatchObject({
			kind: 'bits',
			options: ['kPa', '% TPS', '%', '% TPS', 'INVALID', 'INVALID', 'INVALID', 'INVALID'],
			value: 0
		});
		const boards = byName.get('boardFuelOutputs');
		expect(boards).toMatchObject({ kind: 'array', shape: { columns: 128, rows: 1 } });
		expect((boards!.value as number[]).slice(0, 4)).toEqual([4, 4, 4, 4]);
		expect(byName.get('AUXin00Alias')).toMatchObject({ kind: 'string', length: 20, value: '' });
		expect(byName.get('rpmhigh')).toMatchObject({ kind: 'scalar', type: 'U16', units: 'rpm' });
		expect(definition.settings).toMatchObject({
			CELSIUS: true,
			LAMBDA: false,
			CAN_COMMANDS: false,
			resetcontrol_adv: false
		});
		const scope = definitionScope(definition, { pages });
		const units = compileExpression('bitStringValue( algorithmUnits , algorithm )', scope);
		expect(units).toMatchObject({ type: 'text', constant: true });
		expect(units.evaluate()).toBe('kPa');
		expect(compileExpression('CELSIUS * 10 + LAMBDA', scope).evaluate()).toBe(10);
		expect(compileExpression('stringValue(pinLayout)', scope).evaluate()).toBe('Speeduino v0.4');
	});

	it('reads constants whose scaling is an expression, by evaluating the scaling first', () => {
		// With LAMBDA set, speeduino.ini scales afrTable by { 0.1 / stoich }: lambda instead of AFR. Page bytes are
		// the same either way.
		const lambda = parseIni(SPEEDUINO, { settings: [...MSQ.settings, 'LAMBDA'] });
		const table = lambda.pages[4].constants.find((c) => c.name === 'afrTable');
		expect(table).toMatchObject({ scale: { kind: 'expression', source: '0.1 / stoich' } });
		const afr = definitionScope(definition, { pages }).resolve('afrTable');
		const lam = definitionScope(lambda, { pages }).resolve('afrTable');
		const afrs = afr?.kind === 'value' ? (afr.value as number[]) : [];
		const lambdas = lam?.kind === 'value' ? (lam.value as number[]) : [];
		expect(afrs).toHaveLength(256);
		expect(afrs[0]).toBeGreaterThan(10);
		lambdas.forEach((l, i) => expect(l).toBeCloseTo(afrs[i] / 14.7, 12));
		// Without pages, stoich has no value, and the scope says so.
		const noPages = definitionScope(lambda);
		expect(noPages.resolve('afrTable')).toBeUndefined();
		expect(() => compileExpression('0.1 / stoich', noPages)).toThrow(/unknown name "stoich"/);
		expect(noPages.explain('stoich')).toMatch(/constant "stoich" \(page 1\), which has no value/);
		expect(noPages.explain('nonsense')).toMatch(/"nonsense", which is not a channel, constant/);
		// Pages without stoich's page: the table cannot be scaled, and the reason names the expression.
		const partial = definitionScope(lambda, {
			pages: [undefined, undefined, undefined, undefined, pages[4]]
		});
		expect(partial.resolve('afrTable')).toBeUndefined();
		expect(partial.explain('afrTable')).toMatch(
			/afrTable", which cannot be read: its scaling \{0.1 \/ stoich\} reads constant "stoich"/
		);
	});
});
