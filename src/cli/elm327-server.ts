import { Elm327Emulator } from '../lib/hardware/emulators/elm327-device';
import type { KLineTiming } from '../lib/hardware/emulators/elm327-device-kline';
import type { CarObdBus } from '../lib/hardware/emulators/elm327-device-kline-ecu';
import { ObdResponder } from '../lib/hardware/emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../lib/hardware/emulators/vehicle/simulated-vehicle';
import { UdsResponder } from '../lib/hardware/emulators/vehicle/uds-responder';
import type { ScenarioName } from '../lib/hardware/emulators/vehicle/scenarios';
import { startEmulatorServer, type EmulatorServer } from './emulator-server';

export interface Elm327ServerOptions {
	/** @default '127.0.0.1' */
	host?: string;
	/** 0 picks a free port. @default 35000 */
	port?: number;
	/** @default 'demo' */
	scenario?: ScenarioName;
	/** @default 'elm327' */
	flavour?: 'elm327' | 'stn1110';
	/** Where the car's OBD ECU answers: CAN, or the K-line (ISO 9141-2, KWP fast or 5-baud init). @default 'can' */
	bus?: CarObdBus;
	/** K-line init and response timing (tests shorten the 2.4 s slow init). */
	kLineTiming?: Partial<KLineTiming>;
	/** The emulated UART behind the Wi-Fi bridge, which paces the replies. @default 115200 */
	baudRate?: number;
	/** How long ATZ takes (a genuine ELM: about 1 s). @default 1000 */
	resetMs?: number;
	/** Called as clients come and go, for logging. */
	onEvent?: (event: { kind: 'connect' | 'disconnect'; remote: string }) => void;
}

export type Elm327Server = EmulatorServer;

/**
 * A Wi-Fi ELM327 on localhost: each TCP connection gets its own Elm327Emulator on its own simulated car, whose
 * engine ECU answers OBD-II and, on 7E0/7E8, UDS.
 */
export function startElm327Server(options: Elm327ServerOptions = {}): Promise<Elm327Server> {
	const baudRate = options.baudRate ?? 115200;
	return startEmulatorServer({
		host: options.host,
		port: options.port ?? 35000,
		baudRate,
		onEvent: options.onEvent,
		createDevice: (clock) => {
			const vehicle = new SimulatedVehicle({
				scenario: options.scenario ?? 'demo',
				startUs: clock()
			});
			vehicle.responders.push(new ObdResponder(), new UdsResponder());
			return new Elm327Emulator({
				bus: vehicle,
				clock,
				baudRate,
				resetMs: options.resetMs,
				flavour: options.flavour,
				obdBus: options.bus,
				kLineTiming: options.kLineTiming
			});
		}
	});
}
