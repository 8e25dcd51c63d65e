import { describe, expect, it } from 'vitest';
import { channel } from './dyno-fixtures.test-helper';
import { timeInZones, uniformEdges } from './operating-zones';

describe('timeInZones', () => {
	it('adds up seconds per rpm × load cell, with time outside the grid apart', () => {
		const t = Array.from({ length: 201 }, (_, i) => i * 1e5);
		const rpm = channel(
			t,
			t.map((x) => (x < 10e6 ? 3000 : x < 15e6 ? 6000 : 9000))
		);
		const load = channel([0, 10e6 - 1, 10e6, 20e6], [50, 50, 150, 150]);
		const z = timeInZones(
			{ rpm, load },
			{ rpmEdges: uniformEdges(0, 8000, 500), loadEdges: uniformEdges(0, 250, 20) }
		);
		expect(z.totalS).toBeCloseTo(20, 9);
		// Each 10 Hz sample stands for 0.1 s, the first and last for 0.05 s.
		expect(z.seconds[2][6]).toBeCloseTo(9.95, 6);
		expect(z.seconds[7][12]).toBeCloseTo(5, 6);
		expect(z.outsideS).toBeCloseTo(5.05, 6);
		const sum = z.seconds.flat().reduce((a, b) => a + b, 0);
		expect(sum + z.outsideS).toBeCloseTo(z.totalS, 9);
	});

	it('rejects edges that are not ascending', () => {
		const c = channel([0], [1]);
		expect(() => timeInZones({ rpm: c, load: c }, { rpmEdges: [0, 0], loadEdges: [0, 1] })).toThrow(
			/rpmEdges/
		);
	});
});
