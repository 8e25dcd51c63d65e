import { chunksFromImportedLog, type ImportedChannel } from '$lib/logs/formats';
import { SimulatedVehicle } from '$lib/hardware/emulators/vehicle/simulated-vehicle';
import type { ScenarioName } from '$lib/hardware/emulators/vehicle/scenarios';
import type { Db } from '../db';
import { ensureLog, ingestChunk } from '../timeseries';

interface Spec {
	name: string;
	unit: string;
	periodMs: number;
	/** Resolution the DBC packs the signal with (simulated-car.dbc). */
	step: number;
	read(s: SimulatedVehicle['state']): number;
}

/** Channels as the browser records the simulated car through its DBC: rates and resolutions as broadcast. */
export const DBC_CHANNELS: Spec[] = [
	{ name: 'EngineSpeed', unit: 'rpm', periodMs: 1, step: 1, read: (s) => s.rpm },
	{ name: 'ThrottlePosition', unit: '%', periodMs: 1, step: 0.1, read: (s) => s.throttle },
	{ name: 'VehicleSpeed', unit: 'km/h', periodMs: 20, step: 0.01, read: (s) => s.speedKmh },
	{ name: 'Gear', unit: '', periodMs: 20, step: 1, read: (s) => s.gear },
	{ name: 'IntakeAirTemp', unit: 'degC', periodMs: 50, step: 0.1, read: (s) => s.iatC },
	{ name: 'BaroPressure', unit: 'kPa', periodMs: 100, step: 0.01, read: (s) => s.baroKpa }
];

/** The same car as a Speeduino/TunerStudio log names it: RPM, TPS, "Vehicle Speed" in MPH, no gear. */
export const SPEEDUINO_CHANNELS: Spec[] = [
	{ name: 'RPM', unit: 'rpm', periodMs: 10, step: 1, read: (s) => s.rpm },
	{ name: 'TPS', unit: '%', periodMs: 10, step: 0.5, read: (s) => s.throttle },
	{
		name: 'Vehicle Speed',
		unit: 'MPH',
		periodMs: 10,
		step: 0.1,
		read: (s) => s.speedKmh / 1.609344
	}
];

/** Drives the simulated car through `scenario` and stores what a logger would have recorded, as a log. */
export async function storeSimulatedLog(
	db: Db,
	options: {
		shopId: string;
		name: string;
		scenario: ScenarioName;
		channels?: Spec[];
		seconds?: number;
		/** Starts the log this much before the car: every sample time moves later by it. */
		shiftUs?: number;
	}
): Promise<string> {
	const specs = options.channels ?? DBC_CHANNELS;
	const seconds = options.seconds ?? 12;
	const vehicle = new SimulatedVehicle({ scenario: options.scenario });
	const t = specs.map(() => [] as number[]);
	const v = specs.map(() => [] as number[]);
	for (let ms = 1; ms <= seconds * 1000; ms++) {
		vehicle.poll(ms * 1000);
		specs.forEach((spec, i) => {
			if (ms % spec.periodMs) return;
			t[i].push(ms * 1000 + (options.shiftUs ?? 0));
			v[i].push(Math.round(spec.read(vehicle.state) / spec.step) * spec.step);
		});
	}
	const channels: ImportedChannel[] = specs.map((spec, i) => ({
		name: spec.name,
		unit: spec.unit,
		t: Float64Array.from(t[i]),
		v: Float32Array.from(v[i])
	}));
	const id = crypto.randomUUID();
	await ensureLog(db, {
		id,
		shopId: options.shopId,
		createdBy: null,
		name: options.name,
		startedAt: new Date(),
		channels: specs.map((s) => ({ name: s.name, unit: s.unit, min: 0, max: 0 }))
	});
	const log = { format: 'csv' as const, startedAt: null, info: '', channels, markers: [] };
	for (const chunk of chunksFromImportedLog(log))
		await ingestChunk(db, { shopId: options.shopId, logId: id, ...chunk });
	return id;
}
