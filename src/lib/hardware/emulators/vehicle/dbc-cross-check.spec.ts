import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileDbc, decodeFrame, parseDbc } from '../../protocol/dbc';
import { BROADCAST } from './broadcast';
import { SimulatedVehicle } from './simulated-vehicle';

const text = readFileSync(fileURLToPath(new URL('./simulated-car.dbc', import.meta.url)), 'latin1');

/** Every frame slot in (0, untilUs], in time order, so a poll at each returns exactly that slot's frame. */
function slots(untilUs: number): number[] {
	const times: number[] = [];
	for (const m of BROADCAST) {
		for (let t = m.phaseUs === 0 ? m.periodUs : m.phaseUs; t <= untilUs; t += m.periodUs)
			times.push(t);
	}
	return times.sort((a, b) => a - b);
}

describe('the simulated car decoded by the project DBC decoder', () => {
	it('decodes every frame back to the model state within one LSB', () => {
		const compiled = compileDbc(parseDbc(text));
		const vehicle = new SimulatedVehicle({ scenario: 'wot-pull-3rd', seed: 3 });
		const counters = new Map<number, number>();
		for (const frame of vehicle.poll(1_000_000))
			counters.set(frame.id, (counters.get(frame.id) ?? 0) + 1);
		let checked = 0;
		// Sweep 2 s through the pull's tip-in and boost build so signals take varied, signed values.
		for (const t of slots(4_000_000).filter((t) => t > 1_000_000 && t <= 3_000_000)) {
			for (const frame of vehicle.poll(t)) {
				expect(frame.timestampUs).toBe(t);
				const message = BROADCAST.find((m) => m.id === frame.id)!;
				const decoded = decodeFrame(compiled, frame)!;
				const counter = counters.get(frame.id) ?? 0;
				for (const signal of message.signals) {
					const raw = Math.round(signal.read(vehicle.state, counter) / signal.factor);
					const bound = 2 ** (signal.length - (signal.signed ? 1 : 0));
					const expected =
						Math.min(Math.max(raw, signal.signed ? -bound : 0), bound - 1) * signal.factor;
					expect(
						Math.abs(decoded[signal.name] - expected),
						`${message.name}.${signal.name}`
					).toBeLessThanOrEqual(signal.factor);
				}
				counters.set(frame.id, counter + 1);
				checked++;
			}
		}
		expect(checked).toBe(1000 * 2 + 100 * 3 * 2 + 20 * 2 + 50 * 2 + 10 * 2);
	});

	it('decodes the rolling counter as +1 per fast frame and a checksum that matches the payload', () => {
		const compiled = compileDbc(parseDbc(text));
		const vehicle = new SimulatedVehicle({ scenario: 'idle' });
		const fast = vehicle.poll(100_000).filter((f) => f.id === 0x360);
		fast.forEach((frame, i) => {
			const decoded = decodeFrame(compiled, frame)!;
			expect(decoded.FastCounter).toBe(i % 16);
			expect(decoded.FastChecksum).toBe(frame.data.slice(0, 7).reduce((a, b) => a + b, 0) & 0xff);
		});
	});
});
