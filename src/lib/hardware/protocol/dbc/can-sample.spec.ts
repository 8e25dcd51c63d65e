import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCandumpText } from '../../../logs/candump';
import { compileDbc } from './compile';
import { decodeFrame } from './decode';
import { parseDbc } from './parse';
import { readDbcText, sharedData } from './shared-data.test-helper';

// A real vehicle capture and its DBC (MotecLogGenerator, see /work/shared/data/README.md).
const compiled = compileDbc(parseDbc(readDbcText('MotecLogGenerator/sample_can_spec.dbc')));
const log = readFileSync(sharedData('MotecLogGenerator/can_sample.log'), 'utf8');

describe('decoding can_sample.log with sample_can_spec.dbc', () => {
	it('decodes 140#00C20643000009A1 to RPM 774 and throttle 0', () => {
		const frame = [...parseCandumpText(log)].find(
			(f) => f.id === 0x140 && Buffer.from(f.data).toString('hex') === '00c20643000009a1'
		);
		expect(frame).toBeDefined();
		const values = decodeFrame(compiled, frame!)!;
		expect(values.RPM).toBe(774);
		expect(values.THROTTLE).toBe(0);
		expect(values.CLUTCH).toBe(100);
	});

	it('decodes every frame of the log to values within the declared ranges, bar three known quirks', () => {
		const out = new Float64Array(compiled.signals.length);
		let frames = 0;
		let decoded = 0;
		// Values past [min|max] per signal. A wrong bit layout gives wild values; this real capture has three
		// quirks of its own: steering past −450° at full lock, gear code 7 (DBC max 6), and a fuel level stuck
		// at raw 26 = 62.345 l (DBC max 61).
		const outside = new Map<string, Set<number>>();
		for (const f of parseCandumpText(log)) {
			frames++;
			const msg = compiled.message(f.id, f.extended);
			if (!msg || f.error || f.rtr) continue;
			expect(msg.decodeInto(f.data, out)).toBe(true);
			decoded++;
			for (const g of msg.signalIndexes) {
				const { name, min, max } = compiled.signals[g];
				const v = out[g];
				expect(Number.isFinite(v)).toBe(true);
				if (min === undefined || max === undefined) continue;
				if (v >= min && v <= max) continue;
				if (!outside.has(name)) outside.set(name, new Set());
				outside.get(name)!.add(v);
			}
		}
		expect(frames).toBe(82558);
		expect(decoded).toBeGreaterThan(10000);
		expect([...outside.keys()].sort()).toEqual(['FUEL', 'GEAR', 'STEER_ANGLE']);
		expect([...outside.get('GEAR')!]).toEqual([7]);
		expect([...outside.get('FUEL')!].map((v) => v.toFixed(3))).toEqual(['62.345']);
		expect(Math.min(...outside.get('STEER_ANGLE')!)).toBeCloseTo(-457.3, 9);
		expect(Math.max(...outside.get('STEER_ANGLE')!)).toBeLessThan(-450);
	});
});
