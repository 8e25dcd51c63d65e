import {
	GsUsbAdapter,
	Elm327Adapter,
	Elm327Emulator,
	GsUsbEmulator,
	ObdResponder,
	UdsResponder,
	OpenPort2CanAdapter,
	OpenPort2Emulator,
	PandaAdapter,
	PandaEmulator,
	SimulatedVehicle,
	SlcanAdapter,
	SlcanEmulator,
	type ScenarioName
} from '../../hardware';
import { ProtectionReceiver } from '../../hardware/emulators/vehicle/protection-receiver';
import { CanSource } from './can-source';
import type { LiveSource } from './live-source';
import { ObdPollSource } from './obd-poll-source';
import { SerialSource } from './serial-source';

/**
 * The simulated car behind any adapter family's byte-exact emulator, driven by the family's real driver: what a
 * user connects to with no hardware (`npm start`), and how each driver runs end to end in the app.
 */
export const SIMULATED_VIA = ['gs_usb', 'slcan', 'panda', 'openport', 'elm327'] as const;
export type SimulatedVia = (typeof SIMULATED_VIA)[number];

export function isSimulatedVia(value: unknown): value is SimulatedVia {
	return (SIMULATED_VIA as readonly unknown[]).includes(value);
}

export interface SimulatedRig {
	source: LiveSource;
	vehicle: SimulatedVehicle;
	protection: ProtectionReceiver;
	/** Pulls the virtual plug: the emulator's device vanishes, as a real one does. */
	unplug(): void;
}

const LABEL: Record<SimulatedVia, string> = {
	gs_usb: 'gs_usb emulator',
	slcan: 'SLCAN emulator',
	panda: 'panda emulator',
	openport: 'OpenPort 2.0 emulator',
	elm327: 'ELM327 emulator, OBD-II PIDs'
};

export function createSimulatedRig(options: {
	scenario: ScenarioName;
	via: SimulatedVia;
}): SimulatedRig {
	if (!isSimulatedVia(options.via))
		throw new TypeError(
			`no simulated adapter "${String(options.via)}"; one of ${SIMULATED_VIA.join(', ')}`
		);
	// The car starts on the emulator's clock, so the first poll is not a catch-up burst of old frames.
	const clock = () => performance.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: options.scenario, startUs: clock() });
	const protection = new ProtectionReceiver();
	// The car's ECUs answer OBD-II and UDS on 7E0/7E8, whichever adapter reaches them.
	vehicle.responders.push(protection, new ObdResponder(), new UdsResponder());
	const name = `Simulated car (${LABEL[options.via]})`;
	// The simulated car is ours, so its connection may transmit: protective commands reach its ECU.
	const open = { bitrate: 500_000, listenOnly: false };
	switch (options.via) {
		case 'gs_usb': {
			const device = new GsUsbEmulator({ bus: vehicle, clock });
			// Linux keeps 30 bulk-IN URBs in flight (gs_usb.c; protocols.md §3.3).
			const adapter = new GsUsbAdapter({ device, rxTransfers: 30 });
			return {
				source: new CanSource({ adapter, name, open }),
				vehicle,
				protection,
				unplug: () => device.unplug()
			};
		}
		case 'panda': {
			const device = new PandaEmulator({ bus: vehicle, clock });
			// SILENT is the panda's only mode that cannot disturb a car, and release firmware has no mode that lets an
			// arbitrary id out; protective commands are refused, plainly, on this path.
			const adapter = new PandaAdapter({ device, clock });
			return {
				source: new CanSource({ adapter, name, open: { ...open, listenOnly: true } }),
				vehicle,
				protection,
				unplug: () => device.unplug()
			};
		}
		case 'openport': {
			const device = new OpenPort2Emulator({ bus: vehicle, clock });
			const adapter = new OpenPort2CanAdapter({ device });
			return {
				source: new CanSource({ adapter, name, open }),
				vehicle,
				protection,
				unplug: () => device.unplug()
			};
		}
		case 'elm327': {
			const baudRate = 115_200;
			const port = new Elm327Emulator({ bus: vehicle, clock, baudRate, resetMs: 50 });
			return {
				source: new SerialSource({
					kind: 'elm327',
					name,
					port,
					serial: { baudRate },
					build: (stream) =>
						new ObdPollSource({ adapter: new Elm327Adapter({ stream }), name, baudRate })
				}),
				vehicle,
				protection,
				unplug: () => port.unplug()
			};
		}
		case 'slcan': {
			const port = new SlcanEmulator({ bus: vehicle, dialect: 'lawicel', clock });
			return {
				source: new SerialSource({
					kind: 'slcan',
					name,
					port,
					serial: { baudRate: 1_000_000 },
					build: (stream) =>
						new CanSource({
							adapter: new SlcanAdapter({ stream, dialect: 'lawicel' }),
							name,
							open
						})
				}),
				vehicle,
				protection,
				unplug: () => port.unplug()
			};
		}
	}
}
