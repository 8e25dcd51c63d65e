import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	ExpressionCycleError,
	compileExpression,
	definitionScope,
	parseIni
} from '../../../tune/ini';
import { TunerStudioAdapter } from '../../adapters/tunerstudio';
import { msqPageImages, readMsq } from '../../emulators/msq-pages';
import { SpeeduinoEmulator } from '../../emulators/speeduino-device';
import { SimulatedVehicle } from '../../emulators/vehicle/simulated-vehicle';
import { openSerial } from '../../transport/serial';
import { compileOutputChannels, decodeOutputChannels } from './output-channels';

const MSQ = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);
const speeduino = parseIni(
	readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8'),
	{ settings: MSQ.settings }
);
const { pages: TUNE } = msqPageImages(MSQ, speeduino);

const MINI = `
#set METRIC
[MegaTune]
   signature = "mini 1"
[Constants]
   endianness = little
   nPages = 1
   pageSize = 4
   page = 1
   stoich = scalar, U08, 0, ":1", 0.1, 0
   mode   = bits,   U08, 1, [0:1], "Off", "On", "Auto", "INVALID"
   trims  = array,  U08, 2, [2], "%", 1, 0
[OutputChannels]
   ochBlockSize = 4
   doubled    = { lambda * 2 }
   afr        = scalar, U08, 0, "AFR", 0.1, 0
   raw        = scalar, U16, 1, "", 1, 0
   scaled     = scalar, U08, 3, "", { mode == 1 ? 2 : 4 }, 0
   lambda     = { afr / stoich }
   trim       = { trims[mode] }
   broken     = { missing + 1 }
   downstream = { broken * 2 }
   syntax     = { 1 + }
   label      = { bitStringValue(mode, 1) }
   metric     = { METRIC }
   t          = { timeNow }
   perZero    = { raw / (afr - afr) }
`;
const mini = parseIni(MINI);
/** stoich 14.7, mode "On", trims [90, 110]. */
const MINI_PAGE = Uint8Array.of(147, 1, 90, 110);

describe('computed output channels', () => {
	it('evaluate after the raw fields, in dependency order, with constants from the page images', () => {
		let now = 3.25;
		const layout = compileOutputChannels(mini, { pages: [MINI_PAGE], clock: () => now });
		expect(layout.computed.map((c) => c.name)).toEqual([
			'lambda',
			'doubled',
			'trim',
			'metric',
			't',
			'perZero'
		]);
		const v = decodeOutputChannels(layout, Uint8Array.of(147, 10, 0, 5));
		expect(v.afr).toBeCloseTo(14.7, 12);
		expect(v.lambda).toBeCloseTo(1, 12);
		expect(v.doubled).toBeCloseTo(2, 12);
		expect(v.trim).toBe(110);
		expect(v.scaled).toBe(10);
		expect(v.metric).toBe(1);
		expect(v.t).toBe(3.25);
		now = 4;
		expect(decodeOutputChannels(layout, Uint8Array.of(0, 0, 0, 0)).t).toBe(4);
	});

	it('divides by zero per IEEE instead of throwing', () => {
		const layout = compileOutputChannels(mini, { pages: [MINI_PAGE] });
		expect(decodeOutputChannels(layout, Uint8Array.of(100, 10, 0, 0)).perZero).toBe(Infinity);
		expect(decodeOutputChannels(layout, Uint8Array.of(100, 0, 0, 0)).perZero).toBeNaN();
		expect(decodeOutputChannels(layout, Uint8Array.of(0, 0, 0, 0)).lambda).toBe(0);
	});

	it('take constants given by name over the page images', () => {
		const layout = compileOutputChannels(mini, {
			pages: [MINI_PAGE],
			constants: { stoich: 9.8, mode: 0 }
		});
		const v = decodeOutputChannels(layout, Uint8Array.of(98, 0, 0, 5));
		expect(v.lambda).toBeCloseTo(1, 12);
		expect(v.trim).toBe(90);
		expect(v.scaled).toBe(20);
	});

	it('leave out what they cannot evaluate, saying why', () => {
		const layout = compileOutputChannels(mini, { pages: [MINI_PAGE] });
		expect(layout.unevaluated).toEqual(['broken', 'downstream', 'syntax', 'label']);
		const why = layout.unevaluatedReasons;
		expect(why.broken).toBe(
			'{missing + 1} reads "missing", which is not a channel, constant, PC variable or setting of this definition'
		);
		expect(why.downstream).toBe(`reads channel "broken", unevaluated because ${why.broken}`);
		expect(why.syntax).toMatch(/^line 1, column 4: expected a value, found the end in \{1 \+\}$/);
		expect(why.label).toBe('{bitStringValue(mode, 1)} gives text, not a number');
		const v = decodeOutputChannels(layout, Uint8Array.of(1, 2, 3, 4));
		expect(v).not.toHaveProperty('broken');
		expect(v).not.toHaveProperty('downstream');
	});

	it('without page images, leave out the channels that need constants, naming the constant', () => {
		const layout = compileOutputChannels(mini);
		expect(layout.unevaluated).toEqual(
			expect.arrayContaining(['doubled', 'scaled', 'lambda', 'trim'])
		);
		expect(layout.unevaluatedReasons.lambda).toBe(
			`{afr / stoich} reads constant "stoich" (page 1), which has no value: compile with the ECU's page images or pass it in constants`
		);
		expect(layout.unevaluatedReasons.scaled).toMatch(
			/^\{mode == 1 \? 2 : 4\} reads constant "mode"/
		);
		expect(layout.unevaluatedReasons.doubled).toMatch(
			/^reads channel "lambda", unevaluated because \{afr/
		);
		expect(layout.computed.map((c) => c.name)).toEqual(['metric', 't', 'perZero']);
	});

	it('refuse channels that depend on each other in a loop, naming them', () => {
		const looped = parseIni(
			MINI.replace(
				'doubled    = { lambda * 2 }',
				'doubled = { lambda * 2 + loop }\n   loop = { doubled / 2 }'
			)
		);
		let error: unknown;
		try {
			compileOutputChannels(looped, { pages: [MINI_PAGE] });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ExpressionCycleError);
		expect((error as ExpressionCycleError).names).toEqual(['doubled', 'loop', 'doubled']);
		expect((error as Error).message).toBe(
			'output channels depend on each other in a loop: doubled → loop → doubled'
		);
		const self = parseIni(MINI.replace('{ lambda * 2 }', '{ doubled + 1 }'));
		expect(() => compileOutputChannels(self)).toThrow(/doubled → doubled/);
	});

	it('give every computed channel of speeduino.ini once the tune is known', () => {
		const layout = compileOutputChannels(speeduino, { pages: TUNE });
		expect(layout.unevaluated).toEqual([]);
		expect(layout.computed).toHaveLength(39);
		// idleLoad's scale is { (iacAlgorithm == 2 || … || iacMaxSteps <= 255) ? 1.000 : 2.000 }: the base tune's
		// stepper has 21 steps, so 1; a 510-step stepper halves the resolution, so 2.
		const idleScale = (l: typeof layout) => l.fields.find((f) => f.name === 'idleLoad')?.scale;
		expect(idleScale(layout)).toBe(1);
		const bigStepper = { iacMaxSteps: 510 };
		expect(
			idleScale(compileOutputChannels(speeduino, { pages: TUNE, constants: bigStepper }))
		).toBe(2);
		const bare = compileOutputChannels(speeduino);
		expect(bare.unevaluated).toEqual(
			expect.arrayContaining(['idleLoad', 'lambda', 'dutyCycle', 'strokeMultipler'])
		);
		expect(bare.unevaluated).not.toContain('coolant');
	});
});

describe('computed channels from the Speeduino emulator', () => {
	const ports: SpeeduinoEmulator[] = [];
	afterEach(() => {
		for (const p of ports.splice(0)) p.unplug();
	});

	it('match the simulated car: coolant, iat, lambda and injector duty', async () => {
		const vehicle = new SimulatedVehicle({
			scenario: 'egt-ramp',
			startUs: performance.now() * 1000
		});
		const port = new SpeeduinoEmulator({ definition: speeduino, vehicle, pages: TUNE });
		ports.push(port);
		const ts = new TunerStudioAdapter({
			stream: await openSerial(port, { baudRate: 115200 }),
			definition: speeduino
		});
		await ts.connect({ delayAfterOpenMs: 0 });
		// The pages as the ECU holds them, read over the wire like TunerStudio does before going online.
		const pages = [];
		for (const p of speeduino.pages) pages.push(await ts.readPage(p.number));
		expect(pages).toEqual(TUNE);
		const layout = compileOutputChannels(speeduino, { pages });
		const scope = definitionScope(speeduino, { pages });
		// speeduino init.ino: status3 bits 5-7 carry nSquirts = nCylinders / divider (the ini's commented-out
		// `nSquirts = { nCylinders / divider }`); the base tune is 4 cylinders, divider 2.
		const nSquirts = compileExpression('nCylinders / divider', scope).number();
		expect(nSquirts).toBe(2);

		for (let sample = 0; sample < 5; sample++) {
			const block = await ts.readOutputBlock();
			const s = port.lastLiveState!;
			const v = decodeOutputChannels(layout, block);
			// CELSIUS is set in the tune: coolant = { coolantRaw - 40 }, iat = { iatRaw - 40 }, in whole °C.
			expect(Math.abs(v.coolant - s.coolantC)).toBeLessThanOrEqual(0.5);
			expect(Math.abs(v.iat - s.iatC)).toBeLessThanOrEqual(0.5);
			// lambda = { afr / stoich }: afr travels in 0.1 AFR steps, stoich is 14.7 from page 1.
			expect(Math.abs(v.lambda - s.lambda)).toBeLessThanOrEqual(0.05 / 14.7 + 1e-9);
			expect(s.rpm).toBeGreaterThan(1000);

			// The emulator leaves status3's nSquirts bits at 0, so the ini's own arithmetic makes pulseLimit
			// infinite and dutyCycle 0 (IEEE, no throw). Set them as the firmware does and duty comes out right.
			expect(v.nSquirts).toBe(0);
			expect(v.pulseLimit).toBe(Infinity);
			expect(v.dutyCycle).toBe(0);
			const firmware = block.slice();
			firmware[83] |= nSquirts << 5;
			const f = decodeOutputChannels(layout, firmware);
			// Four-stroke: a cycle is 2 revolutions, split into nSquirts injection events.
			const carDuty = (100 * s.injectorPwMs * s.rpm * nSquirts) / 120_000;
			const bound = carDuty * (0.5 / s.rpm + 0.0005 / s.injectorPwMs) + 1e-9;
			expect(Math.abs(f.dutyCycle - carDuty)).toBeLessThanOrEqual(bound);
			expect(f.dutyCycle).toBeGreaterThan(1);
			await new Promise((r) => setTimeout(r, 50));
		}
	});
});
