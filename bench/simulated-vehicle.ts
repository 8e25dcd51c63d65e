import { SCENARIO_NAMES } from '../src/lib/hardware/emulators/vehicle/scenarios';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';

const SIM_SECONDS = 60;
/** A worker polling on an animation-frame cadence. */
const POLL_US = 16_667;

/**
 * CPU per simulated second of SimulatedVehicle.poll (1000 model steps + 1380 packed frames). It shares a worker
 * with decoding and safety rules, so it should stay far below 10 % of a core (100 ms per simulated second).
 */
export async function benchSimulatedVehicle(): Promise<void> {
	for (const scenario of SCENARIO_NAMES) {
		const vehicle = new SimulatedVehicle({ scenario });
		vehicle.poll(2_000_000);
		let frames = 0;
		const started = performance.now();
		for (let t = 2_000_000 + POLL_US; t <= (2 + SIM_SECONDS) * 1e6; t += POLL_US) {
			frames += vehicle.poll(t).length;
		}
		const ms = (performance.now() - started) / SIM_SECONDS;
		console.log(
			`${scenario.padEnd(14)} ${ms.toFixed(2)} ms CPU per simulated s (${(ms / 10).toFixed(2)} % of a core), ` +
				`${Math.round(frames / SIM_SECONDS)} frames/s`
		);
	}
}
