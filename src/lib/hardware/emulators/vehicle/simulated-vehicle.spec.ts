import { describe, expect, it } from 'vitest';
import { canFrame, type CanFrame } from '../../protocol/can-frame';
import { BROADCAST } from './broadcast';
import { MAX_CATCH_UP_US, SimulatedVehicle } from './simulated-vehicle';

function pollEvery(
	vehicle: SimulatedVehicle,
	fromUs: number,
	toUs: number,
	stepUs: number
): CanFrame[] {
	const frames: CanFrame[] = [];
	for (let t = fromUs; t < toUs;) {
		t = Math.min(t + stepUs, toUs);
		frames.push(...vehicle.poll(t));
	}
	return frames;
}

function countById(frames: CanFrame[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const f of frames) counts[f.id.toString(16)] = (counts[f.id.toString(16)] ?? 0) + 1;
	return counts;
}

const PER_SECOND = {
	'360': 1000,
	'361': 100,
	'362': 100,
	'363': 100,
	'364': 20,
	'365': 50,
	'366': 10
};

describe('SimulatedVehicle', () => {
	it.each([1000, 16_667, 333_333, 1_000_000])(
		'sends exactly each message’s cycle rate over one simulated second, polled every %i µs',
		(stepUs) => {
			const vehicle = new SimulatedVehicle({ scenario: 'demo', startUs: 5_000_000 });
			vehicle.poll(5_000_000 + 250_000);
			const frames = pollEvery(vehicle, 5_250_000, 6_250_000, stepUs);
			expect(countById(frames)).toEqual(PER_SECOND);
		}
	);

	it('puts every frame strictly after the previous one and inside the polled window', () => {
		const vehicle = new SimulatedVehicle({});
		let previous = 0;
		let last = 0;
		for (let t = 777; t <= 2_000_000; t += 7_919) {
			for (const frame of vehicle.poll(t)) {
				expect(frame.timestampUs).toBeGreaterThan(previous);
				expect(frame.timestampUs).toBeGreaterThan(last);
				expect(frame.timestampUs).toBeLessThanOrEqual(t);
				previous = frame.timestampUs;
			}
			last = t;
		}
	});

	it('sends classic 11-bit frames with the DBC’s lengths', () => {
		const frames = new SimulatedVehicle({}).poll(200_000);
		for (const f of frames) {
			const message = BROADCAST.find((m) => m.id === f.id)!;
			expect(f).toMatchObject({ extended: false, rtr: false, fd: false, channel: 0 });
			expect(f.id).toBeLessThanOrEqual(0x7ff);
			expect(f.data.length).toBe(message.dlc);
		}
	});

	it('packs the current engine speed into the fast frame', () => {
		const vehicle = new SimulatedVehicle({ scenario: 'cruise' });
		const frames = vehicle.poll(3_000_000);
		const last = frames.filter((f) => f.id === 0x360).at(-1)!;
		expect(last.timestampUs).toBe(3_000_000);
		expect(last.data[0] | (last.data[1] << 8)).toBe(Math.round(vehicle.state.rpm));
	});

	it('gives the same frames for the same seed and different noise for another seed', () => {
		const run = (seed: number) => {
			const vehicle = new SimulatedVehicle({ scenario: 'demo', seed });
			return pollEvery(vehicle, 0, 3_000_000, 10_000).map(
				(f) => `${f.timestampUs}:${f.id}:${Buffer.from(f.data).toString('hex')}`
			);
		};
		const a = run(42);
		expect(run(42)).toEqual(a);
		expect(run(43)).not.toEqual(a);
	});

	it('simulates at most MAX_CATCH_UP_US after a long gap and carries on normally afterwards', () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle' });
		vehicle.poll(1_000_000);
		const started = performance.now();
		const burst = vehicle.poll(11_000_000);
		const elapsedMs = performance.now() - started;
		expect(burst.length).toBe(1380 * (MAX_CATCH_UP_US / 1_000_000));
		expect(burst[0].timestampUs).toBeGreaterThan(11_000_000 - MAX_CATCH_UP_US);
		expect(vehicle.skippedUs).toBe(8_000_000);
		expect(vehicle.state.timeS).toBeCloseTo(3, 6);
		expect(elapsedMs).toBeLessThan(2000);
		expect(countById(pollEvery(vehicle, 11_000_000, 12_000_000, 20_000))).toEqual(PER_SECOND);
	});

	it('returns nothing for a poll at or before the previous one', () => {
		const vehicle = new SimulatedVehicle({});
		vehicle.poll(50_000);
		expect(vehicle.poll(50_000)).toEqual([]);
		expect(vehicle.poll(10_000)).toEqual([]);
	});

	it('rejects a non-finite poll time and bad options with a TypeError', () => {
		expect(() => new SimulatedVehicle({}).poll(Number.NaN)).toThrow(TypeError);
		expect(() => new SimulatedVehicle({ seed: 1.5 })).toThrow(TypeError);
		expect(() => new SimulatedVehicle({ startUs: Infinity })).toThrow(TypeError);
		expect(() => new SimulatedVehicle({ scenario: 'drift' as never })).toThrow(
			/unknown scenario "drift"/
		);
	});

	it('starts its schedule after startUs', () => {
		const vehicle = new SimulatedVehicle({ startUs: 1_700_000_000_000 });
		const frames = vehicle.poll(1_700_000_001_000);
		expect(frames.find((f) => f.id === 0x360)?.timestampUs).toBe(1_700_000_001_000);
		expect(frames.every((f) => f.timestampUs > 1_700_000_000_000)).toBe(true);
	});

	it('accepts host frames silently while no responder is on the bus', () => {
		const vehicle = new SimulatedVehicle({});
		vehicle.transmit(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) }), 10);
		expect(vehicle.poll(1000).map((f) => f.id)).toEqual([
			0x361, 0x362, 0x363, 0x364, 0x365, 0x366, 0x360
		]);
	});

	it('delivers a responder’s replies in time order among the broadcast', () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle' });
		vehicle.responders.push({
			receive: (frame, nowUs, state) =>
				frame.id === 0x7df
					? [
							canFrame({
								id: 0x7e8,
								data: Uint8Array.of(4, 0x41, 0x0c, Math.round(state.rpm * 4) >> 8, 0),
								timestampUs: nowUs + 400
							})
						]
					: undefined
		});
		vehicle.poll(2000);
		vehicle.transmit(canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) }), 2000);
		const frames = vehicle.poll(3000);
		const reply = frames.find((f) => f.id === 0x7e8)!;
		expect(reply.timestampUs).toBe(2400);
		expect(frames.map((f) => f.timestampUs)).toEqual(
			[...frames.map((f) => f.timestampUs)].sort((a, b) => a - b)
		);
	});

	it('switches scenario from its initial conditions while the bus clock carries on', () => {
		const vehicle = new SimulatedVehicle({ scenario: 'idle' });
		vehicle.poll(1_000_000);
		vehicle.setScenario('cruise');
		expect(vehicle.scenario.name).toBe('cruise');
		const frames = vehicle.poll(1_500_000);
		expect(frames[0].timestampUs).toBeGreaterThan(1_000_000);
		expect(vehicle.state.speedKmh).toBeGreaterThan(95);
		expect(() => vehicle.setScenario('nope' as never)).toThrow(TypeError);
	});
});
