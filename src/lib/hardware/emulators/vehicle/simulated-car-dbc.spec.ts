import { PROTECT_REQUEST_ID } from './protection-receiver';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BROADCAST } from './broadcast';

const text = readFileSync(fileURLToPath(new URL('./simulated-car.dbc', import.meta.url)), 'latin1');

/** Just enough DBC reading to hold the file to the packer's table; the real parser is protocol/dbc. */
function readDbc(source: string) {
	const messages = new Map<
		number,
		{ name: string; dlc: number; signals: Map<string, RegExpExecArray> }
	>();
	let current: { signals: Map<string, RegExpExecArray> } | undefined;
	for (const line of source.split('\n')) {
		const bo = /^BO_ (\d+) (\w+): (\d+) \w+/.exec(line);
		if (bo) {
			current = { signals: new Map() };
			messages.set(Number(bo[1]), { name: bo[2], dlc: Number(bo[3]), ...current });
			continue;
		}
		const sg =
			/^ SG_ (\w+) : (\d+)\|(\d+)@([01])([+-]) \(([-\d.e]+),([-\d.e]+)\) \[([-\d.e]+)\|([-\d.e]+)\] "([^"]*)"/.exec(
				line
			);
		if (sg && current) current.signals.set(sg[1], sg);
	}
	const cycles = new Map<number, number>();
	for (const m of source.matchAll(/^BA_ "GenMsgCycleTime" BO_ (\d+) (\d+);/gm))
		cycles.set(Number(m[1]), Number(m[2]));
	return { messages, cycles };
}

const dbc = readDbc(text);

describe('simulated-car.dbc', () => {
	it('declares exactly the messages the simulator sends (plus the request it listens for), with their ids, lengths and cycle times', () => {
		expect([...dbc.messages.keys()].sort()).toEqual(
			[...BROADCAST.map((m) => m.id), PROTECT_REQUEST_ID].sort()
		);
		for (const message of BROADCAST) {
			const declared = dbc.messages.get(message.id)!;
			expect(declared.name).toBe(message.name);
			expect(declared.dlc).toBe(message.dlc);
			expect(dbc.cycles.get(message.id)).toBe(message.periodUs / 1000);
			expect(message.id).toBeLessThanOrEqual(0x7ff);
		}
	});

	it('describes every packed signal with the same bit layout, byte order, sign and scaling', () => {
		for (const message of BROADCAST) {
			const declared = dbc.messages.get(message.id)!.signals;
			for (const signal of message.signals) {
				const sg = declared.get(signal.name);
				expect(sg, `${message.name}.${signal.name}`).toBeDefined();
				const [, , start, length, order, sign, factor, offset] = sg!;
				expect(
					{
						start: Number(start),
						length: Number(length),
						order,
						sign,
						factor: Number(factor),
						offset: Number(offset)
					},
					`${message.name}.${signal.name}`
				).toEqual({
					start: signal.start,
					length: signal.length,
					order: signal.byteOrder === 'intel' ? '1' : '0',
					sign: signal.signed ? '-' : '+',
					factor: signal.factor,
					offset: signal.offset
				});
			}
		}
	});

	it('gives every signal a range, and every measured quantity a unit', () => {
		const unitless = new Set([
			'FastCounter',
			'FastChecksum',
			'KnockCount',
			'Gear',
			'BrakeSwitch',
			'ClutchSwitch',
			'RevLimiterActive',
			'FuelCutActive',
			'ProtectRequest'
		]);
		for (const { signals } of dbc.messages.values()) {
			for (const [name, sg] of signals) {
				expect(Number(sg[8]), name).toBeLessThan(Number(sg[9]));
				if (!unitless.has(name)) expect(sg[10], name).not.toBe('');
			}
		}
	});

	it('carries the channels a tuner expects, in both Intel and Motorola messages', () => {
		const names = [...dbc.messages.values()].flatMap((m) => [...m.signals.keys()]);
		expect(names).toEqual(
			expect.arrayContaining([
				'EngineSpeed',
				'ThrottlePosition',
				'ManifoldPressure',
				'BoostPressure',
				'BoostTarget',
				'Lambda',
				'IntakeAirTemp',
				'CoolantTemp',
				'OilTemp',
				'ExhaustGasTemp',
				'KnockRetardCyl1',
				'KnockRetardCyl4',
				'KnockRetardMax',
				'InjectorPulseWidth',
				'IgnitionAdvance',
				'VehicleSpeed',
				'Gear',
				'BatteryVoltage',
				'BaroPressure',
				'FastCounter'
			])
		);
		const orders = new Set(BROADCAST.map((m) => m.signals[0].byteOrder));
		expect(orders).toEqual(new Set(['intel', 'motorola']));
	});

	it('is plain ASCII, so Latin-1 and UTF-8 readers see the same units', () => {
		expect(/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)).toBe(true);
	});
});
