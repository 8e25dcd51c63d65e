import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObdFormatError, ObdShortPayloadError } from './errors';
import { decodePid, decodePidNumber, encodePid, readField } from './pid-decode';
import { SERVICE_01_PIDS, pidDefinition } from './pid-table';

const b = (...bytes: number[]) => Uint8Array.of(...bytes);

describe('service 01 formulas', () => {
	it.each([
		[0x04, [0xff], 100],
		[0x04, [0x00], 0],
		[0x05, [0x00], -40],
		[0x05, [0x7b], 83],
		[0x05, [0xff], 215],
		[0x06, [0x80], 0],
		[0x06, [0x00], -100],
		[0x07, [0xff], 99.21875],
		[0x0a, [0xff], 765],
		[0x0b, [0x65], 101],
		[0x0c, [0x1a, 0xf8], 1726],
		[0x0c, [0x00, 0x00], 0],
		[0x0c, [0xff, 0xff], 16383.75],
		[0x0d, [0x32], 50],
		[0x0e, [0x00], -64],
		[0x0e, [0x80], 0],
		[0x0e, [0xff], 63.5],
		[0x0f, [0x3c], 20],
		[0x10, [0x01, 0x90], 4],
		[0x10, [0xff, 0xff], 655.35],
		[0x11, [0x80], 50.19607843137255],
		[0x1f, [0x01, 0x00], 256],
		[0x22, [0x00, 0x64], 7.9],
		[0x23, [0x00, 0x64], 1000],
		[0x2f, [0xff], 100],
		[0x32, [0x7f, 0xff], 8191.75],
		[0x32, [0x80, 0x00], -8192],
		[0x32, [0xff, 0xff], -0.25],
		[0x33, [0x65], 101],
		[0x3c, [0x00, 0x00], -40],
		[0x3c, [0x11, 0x94], 410],
		[0x3f, [0xff, 0xff], 6513.5],
		[0x42, [0x37, 0xdc], 14.3],
		[0x43, [0x00, 0xff], 100],
		[0x44, [0x80, 0x00], 1],
		[0x46, [0x28], 0],
		[0x4d, [0x01, 0x2c], 300],
		[0x53, [0xff, 0xff], 327.675],
		[0x54, [0x80, 0x00], -32768],
		[0x54, [0x7f, 0xff], 32767],
		[0x5c, [0x82], 90],
		[0x5d, [0x69, 0x00], 0],
		[0x5d, [0x00, 0x00], -210],
		[0x5e, [0x01, 0x00], 12.8],
		[0x5e, [0xff, 0xff], 3276.75],
		[0x61, [0x7d], 0],
		[0x63, [0x01, 0x5e], 350]
	])('PID %i decodes %j as %d', (pid, bytes, value) => {
		expect(decodePidNumber(pid, b(...bytes))).toBeCloseTo(value, 9);
	});

	it('decodes a wideband sensor on 0x24 as λ and voltage, not voltage alone', () => {
		const { readings } = decodePid(0x24, b(0x80, 0x00, 0x80, 0x00));
		expect(readings).toEqual([
			{ key: 'lambda', value: 1, unit: 'λ' },
			{ key: 'voltage', value: 4, unit: 'V' }
		]);
	});

	it('decodes a wideband sensor on 0x34 as λ and a centred pump current', () => {
		const [lambda, current] = decodePid(0x34, b(0x73, 0x33, 0x00, 0x00)).readings;
		expect(lambda.value).toBeCloseTo(0.9, 4);
		expect(current).toEqual({ key: 'current', value: -128, unit: 'mA' });
		expect(decodePid(0x3b, b(0, 0, 0x80, 0x00)).readings[1].value).toBe(0);
	});

	it('decodes a narrowband sensor as voltage and trim', () => {
		const readings = decodePid(0x14, b(0xa0, 0x80)).readings;
		expect(readings.map((r) => r.value)).toEqual([0.8, 0]);
	});

	it('decodes the fuel system status into named states', () => {
		expect(decodePid(0x03, b(0x02, 0x00)).structured).toEqual({
			decoder: 'fuelSystemStatus',
			value: { system1: 'closedLoop', system2: 'absent' }
		});
		expect(decodePid(0x03, b(0x03, 0x04)).structured?.value).toEqual({
			system1: 'invalid',
			system2: 'openLoopDrivingCondition'
		});
	});

	it('decodes the enum PIDs (OBD standard, fuel type, O2 sensors present)', () => {
		expect(decodePid(0x1c, b(6)).structured?.value).toEqual({ code: 6, name: 'EOBD (Europe)' });
		expect(decodePid(0x51, b(4)).structured?.value).toEqual({ code: 4, name: 'Diesel' });
		expect(decodePid(0x13, b(0x13)).structured?.value).toEqual([
			{ bank: 1, sensor: 1 },
			{ bank: 1, sensor: 2 },
			{ bank: 2, sensor: 1 }
		]);
		expect(decodePid(0x1d, b(0x41)).structured?.value).toEqual([
			{ bank: 1, sensor: 1 },
			{ bank: 4, sensor: 1 }
		]);
	});

	it('reports the freeze-frame DTC, or null for 0000', () => {
		expect(decodePid(0x02, b(0x01, 0x33)).structured?.value).toBe('P0133');
		expect(decodePid(0x02, b(0, 0)).structured?.value).toBeNull();
	});

	it('rejects a payload shorter than the PID needs', () => {
		expect(() => decodePid(0x0c, b(0x1a))).toThrow(ObdShortPayloadError);
		expect(() => decodePid(0x24, b(1, 2, 3))).toThrow(ObdShortPayloadError);
	});

	it('rejects a PID that is not in the table', () => {
		expect(() => decodePid(0xe5, b(1))).toThrow(ObdFormatError);
	});

	it('clamps encoded values to the field range instead of wrapping', () => {
		expect([...encodePid(0x05, [300])]).toEqual([0xff]);
		expect([...encodePid(0x0c, [-5])]).toEqual([0, 0]);
		expect([...encodePid(0x32, [-0.25])]).toEqual([0xff, 0xff]);
	});

	it('refuses to encode a non-finite value or a bit-encoded PID', () => {
		expect(() => encodePid(0x0c, [NaN])).toThrow(ObdFormatError);
		expect(() => encodePid(0x01, [1])).toThrow(ObdFormatError);
	});
});

describe('the PID table', () => {
	it('lists every PID from 0x00 to 0x5F and stays within 0x00–0xC4, sorted and unique', () => {
		const pids = SERVICE_01_PIDS.map((d) => d.pid);
		for (let pid = 0; pid <= 0x5f; pid++) expect(pidDefinition(pid), `PID ${pid}`).toBeDefined();
		expect(pids).toEqual([...new Set(pids)].sort((x, y) => x - y));
		expect(Math.max(...pids)).toBe(0xc4);
	});

	it('states min and max equal to the smallest and largest raw values scaled', () => {
		for (const def of SERVICE_01_PIDS) {
			for (const field of def.fields ?? []) {
				const lo = new Uint8Array(def.bytes!);
				const hi = new Uint8Array(def.bytes!);
				hi.fill(0xff, field.at, field.at + field.size);
				if (field.signed) {
					lo[field.at] = 0x80;
					hi[field.at] = 0x7f;
				}
				expect(readField(field, lo), `${def.key}.${field.key} min`).toBeCloseTo(field.min, 6);
				expect(readField(field, hi), `${def.key}.${field.key} max`).toBeCloseTo(field.max, 6);
			}
		}
	});

	it('keeps every field inside the PID’s byte count', () => {
		for (const def of SERVICE_01_PIDS) {
			for (const field of def.fields ?? []) {
				expect(field.at + field.size, def.key).toBeLessThanOrEqual(def.bytes!);
			}
		}
	});

	it('gives every PID either numeric fields or a structured decoder', () => {
		for (const def of SERVICE_01_PIDS)
			expect(Boolean(def.fields) !== Boolean(def.decoder), def.key).toBe(true);
	});

	it('round-trips any in-range value of a linear PID to within half a step', () => {
		const linear = SERVICE_01_PIDS.filter((d) => d.fields && d.bytes !== undefined);
		fc.assert(
			fc.property(
				fc.constantFrom(...linear),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(def, t) => {
					const values = def.fields!.map((f) => f.min + t * (f.max - f.min));
					const decoded = decodePid(def.pid, encodePid(def.pid, values)).readings;
					decoded.forEach((r, i) => {
						expect(Math.abs(r.value - values[i])).toBeLessThanOrEqual(
							Math.abs(def.fields![i].scale) / 2 + 1e-9
						);
					});
				}
			)
		);
	});
});
