import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DbcParseError } from './errors';
import { parseDbc } from './parse';
import { readDbcText, sharedData } from './shared-data.test-helper';

const DBC_DIRS = ['opendbc', 'cantools', 'MotecLogGenerator'];
const allDbcFiles = DBC_DIRS.flatMap((dir) =>
	readdirSync(sharedData(dir))
		.filter((f) => f.endsWith('.dbc'))
		.map((f) => `${dir}/${f}`)
);

function parseError(text: string): DbcParseError {
	try {
		parseDbc(text);
	} catch (e) {
		if (e instanceof DbcParseError) return e;
		throw e;
	}
	throw new Error('expected a DbcParseError');
}

const HEADER = 'VERSION ""\n\nNS_ :\n\tCM_\n\nBS_:\n\nBU_: ECU\n\n';

describe('parseDbc on the public test files', () => {
	it('finds the DBC files to test', () => {
		expect(allDbcFiles.length).toBeGreaterThanOrEqual(29);
	});

	it.each(allDbcFiles)('parses %s into messages with signals', (file) => {
		const db = parseDbc(readDbcText(file));
		expect(db.messages.length).toBeGreaterThan(0);
		for (const msg of db.messages) {
			expect(msg.length).toBeGreaterThanOrEqual(0);
			for (const sig of msg.signals) expect(sig.length).toBeGreaterThan(0);
		}
	});

	it('reads the motohawk example message exactly', () => {
		const db = parseDbc(readDbcText('cantools/motohawk.dbc'));
		const msg = db.messages.find((m) => m.name === 'ExampleMessage')!;
		expect(msg).toMatchObject({ id: 496, extended: false, length: 8, senders: ['PCM1'] });
		const temp = msg.signals.find((s) => s.name === 'Temperature')!;
		expect(temp).toMatchObject({
			startBit: 0,
			length: 12,
			byteOrder: 'big_endian',
			signed: true,
			factor: 0.01,
			offset: 250,
			min: 229.52,
			max: 270.47,
			unit: 'degK',
			receivers: ['PCM1', 'FOO']
		});
	});

	it('takes bit 31 of a BO_ id as the extended-frame flag', () => {
		const db = parseDbc(readDbcText('cantools/fd_test.dbc'));
		const ex = db.messages.find((m) => m.name === 'TestMsg_Ex')!;
		expect(ex).toMatchObject({ id: 3, extended: true });
		expect(db.messages.find((m) => m.name === 'TestMsg_Std')).toMatchObject({
			id: 2,
			extended: false
		});
	});

	it('marks messages whose VFrameFormat is an FD format as CAN FD', () => {
		const db = parseDbc(readDbcText('cantools/fd_test.dbc'));
		expect(db.messages.find((m) => m.name === 'TestMsg_FDStd')!.fd).toBe(true);
		expect(db.messages.find((m) => m.name === 'TestMsg_Std')!.fd).toBe(false);
	});

	it('reads comments, attributes, value tables and choices', () => {
		const db = parseDbc(readDbcText('cantools/attributes.dbc'));
		expect(db.nodes.find((n) => n.name === 'TheNode')).toMatchObject({
			comment: 'TheNodeComment',
			attributes: { TheNodeAttribute: 99 }
		});
		expect(db.attributes).toMatchObject({ TheNetworkAttribute: 51, BusType: 'CAN' });
		const msg = db.messages.find((m) => m.name === 'TheMessage')!;
		expect(msg.attributes).toMatchObject({ TheFloatAttribute: 58.7, GenMsgCycleTime: 1000 });
		expect(msg.signals[0].attributes.TheSignalStringAttribute).toBe('TestString');
		const def = db.attributeDefinitions.find((d) => d.name === 'TheFloatAttribute');
		expect(def).toMatchObject({
			objectType: 'message',
			type: { kind: 'float', min: 5, max: 87 },
			default: 55
		});

		const vt = parseDbc(readDbcText('cantools/val_table.dbc'));
		expect(vt.valueTables.size).toBeGreaterThan(0);
		const choices = parseDbc(readDbcText('cantools/choices.dbc')).messages[0].signals[0].choices!;
		expect(choices.get(0)).toBeTypeOf('string');
	});

	it('reads multi-line comments and keeps Latin-1 text', () => {
		const db = parseDbc(readDbcText('cantools/abs.dbc'));
		const sig = db.messages.flatMap((m) => m.signals).find((s) => s.name === 'WheelQuality_FR')!;
		expect(sig.comment).toContain('Bit7 (128) Invalid Individual');
		expect(sig.comment!.split('\n').length).toBeGreaterThan(5);
	});

	it('reads SIG_VALTYPE_ float signals', () => {
		const db = parseDbc(readDbcText('cantools/floating_point.dbc'));
		const [m1, m2] = db.messages;
		expect(m1.signals[0].valueType).toBe('float64');
		expect(m2.signals.map((s) => s.valueType)).toEqual(['float32', 'float32']);
	});

	it('links cascaded multiplexers from SG_MUL_VAL_', () => {
		const db = parseDbc(readDbcText('cantools/issue_184_extended_mux_cascaded.dbc'));
		const sigs = new Map(db.messages[0].signals.map((s) => [s.name, s]));
		expect(sigs.get('MUX_A')!.isMultiplexer).toBe(true);
		expect(sigs.get('MUX_A')!.multiplexerSignal).toBeUndefined();
		expect(sigs.get('muxed_A_2_MUX_B')).toMatchObject({
			isMultiplexer: true,
			multiplexerValue: 2,
			multiplexerSignal: 'MUX_A',
			multiplexerRanges: [{ lo: 2, hi: 2 }]
		});
		expect(sigs.get('muxed_B_1')).toMatchObject({ multiplexerSignal: 'muxed_A_2_MUX_B' });
	});

	it('adds BO_TX_BU_ senders to the message', () => {
		const db = parseDbc(readDbcText('cantools/foobar.dbc'));
		expect(db.messages.some((m) => m.senders.includes('FOO') && m.senders.includes('BAR'))).toBe(
			true
		);
	});

	it('leaves out messages whose id no frame can carry, with a warning', () => {
		const db = parseDbc(readDbcText('opendbc/toyota_2017_ref_pt.dbc'));
		expect(db.messages.some((m) => m.name === 'BDB1F01_14')).toBe(false);
		expect(db.warnings.some((w) => w.line === 387 && w.message.includes('BDB1F01_14'))).toBe(true);
	});

	it('skips statements it does not model', () => {
		const db = parseDbc(
			`${HEADER}BO_ 1 A: 1 ECU\n SG_ S : 0|8@1+ (1,0) [0|0] "" ECU\n\nEV_ V: 0 [0|1] "" 0 1 DUMMY_NODE_VECTOR0 ECU;\nSIG_GROUP_ 1 G 1 : S;\n`
		);
		expect(db.messages[0].signals[0].name).toBe('S');
	});
});

describe('parseDbc on malformed text', () => {
	it('reports a bad byte order with its line and column', () => {
		const e = parseError(`${HEADER}BO_ 1 A: 8 ECU\n SG_ S : 0|8@2+ (1,0) [0|0] "" ECU\n`);
		expect(e.line).toBe(11);
		expect(e.column).toBe(14);
		expect(e.message).toMatch(/byte order must be 0 \(Motorola\) or 1 \(Intel\)/);
	});

	it('reports a missing closing parenthesis', () => {
		const e = parseError(`${HEADER}BO_ 1 A: 8 ECU\n SG_ S : 0|8@1+ (1,0 [0|0] "" ECU\n`);
		expect(e.line).toBe(11);
		expect(e.message).toMatch(/expected '\)' after the offset, found '\['/);
	});

	it('reports an unterminated string at the line it starts', () => {
		const e = parseError(`${HEADER}CM_ "never closed;\nBO_ 1 A: 8 ECU\n`);
		expect(e.line).toBe(10);
		expect(e.message).toMatch(/unterminated string/);
	});

	it('reports a signal longer than 64 bits', () => {
		expect(
			parseError(`${HEADER}BO_ 1 A: 8 ECU\n SG_ S : 0|65@1+ (1,0) [0|0] "" ECU\n`).message
		).toMatch(/outside 1–64 bits/);
	});

	it('reports a SIG_VALTYPE_ float whose length does not match', () => {
		const e = parseError(
			`${HEADER}BO_ 1 A: 8 ECU\n SG_ S : 0|16@1+ (1,0) [0|0] "" ECU\nSIG_VALTYPE_ 1 S : 1;\n`
		);
		expect(e.line).toBe(12);
		expect(e.message).toMatch(/16 bits but SIG_VALTYPE_ 1 needs 32/);
	});

	it('reports a multiplexed signal in a message without a switch', () => {
		const e = parseError(`${HEADER}BO_ 1 A: 8 ECU\n SG_ S m1 : 0|8@1+ (1,0) [0|0] "" ECU\n`);
		expect(e.line).toBe(11);
		expect(e.message).toMatch(/has no M switch/);
	});

	it('reports a duplicate message id', () => {
		const e = parseError(`${HEADER}BO_ 1 A: 8 ECU\nBO_ 1 B: 8 ECU\n`);
		expect(e.line).toBe(11);
		expect(e.message).toMatch(/duplicate message id 1 \(B\)/);
	});

	it('reports an unexpected character and a truncated statement', () => {
		expect(
			parseError(`${HEADER}BO_ 1 A: 8 ECU\n SG_ S : 0|8@1+ {1,0} [0|0] "" ECU\n`).message
		).toMatch(/unexpected character '\{'/);
		expect(parseError(`${HEADER}BO_ 1 A:`).message).toMatch(
			/expected message length but the file ended/
		);
		expect(parseError(`${HEADER}VAL_ 1 S 0 "a"`).message).toMatch(/file ended/);
	});

	it('reports a statement that is not a keyword', () => {
		expect(parseError(`${HEADER}hello world;`).message).toMatch(
			/unknown statement 'hello' \(line 10/
		);
	});
});
