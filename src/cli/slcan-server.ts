import { SlcanEmulator } from '../lib/hardware/emulators/slcan-device';
import { ObdResponder } from '../lib/hardware/emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../lib/hardware/emulators/vehicle/simulated-vehicle';
import { UdsResponder } from '../lib/hardware/emulators/vehicle/uds-responder';
import type { ScenarioName } from '../lib/hardware/emulators/vehicle/scenarios';
import type { SlcanDialect } from '../lib/hardware/protocol/slcan/dialect';
import { startEmulatorServer, type EmulatorServer } from './emulator-server';

export interface SlcanServerOptions {
	/** @default '127.0.0.1' */
	host?: string;
	/** 0 picks a free port. */
	port: number;
	/** @default 'lawicel' */
	dialect?: SlcanDialect;
	/** @default 'demo' */
	scenario?: ScenarioName;
	onEvent?: (event: { kind: 'connect' | 'disconnect'; remote: string }) => void;
}

/**
 * An SLCAN adapter on a TCP port (as a ser2net bridge would expose a CANable or CANUSB), plugged into a
 * simulated car's CAN bus: every connection gets its own SlcanEmulator and car.
 */
export function startSlcanServer(options: SlcanServerOptions): Promise<EmulatorServer> {
	return startEmulatorServer({
		host: options.host,
		port: options.port,
		// CDC-ACM and TCP bridges ignore the rate; the emulator only needs one.
		baudRate: 115200,
		onEvent: options.onEvent,
		createDevice: (clock) => {
			const vehicle = new SimulatedVehicle({
				scenario: options.scenario ?? 'demo',
				startUs: clock()
			});
			vehicle.responders.push(new ObdResponder(), new UdsResponder());
			return new SlcanEmulator({ bus: vehicle, dialect: options.dialect ?? 'lawicel', clock });
		}
	});
}
