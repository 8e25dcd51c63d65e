import { CAR_OBD_BUSES, isCarObdBus } from '../lib/hardware/emulators/elm327-device-kline-ecu';
import { SCENARIO_NAMES, isScenarioName } from '../lib/hardware/emulators/vehicle/scenarios';
import { SLCAN_DIALECTS, isSlcanDialect } from '../lib/hardware/protocol/slcan/dialect';
import { integerOption, parseCommandArgs } from './args';
import type { EmulatorServer } from './emulator-server';
import { startElm327Server } from './elm327-server';
import { write, type CliIo } from './io';
import { startSlcanServer } from './slcan-server';
import { UsageError } from './usage-error';

export const EMULATE_USAGE = `Usage: cartech emulate elm327|slcan [--port N] [--host 127.0.0.1] [--scenario demo] [options]

Serves an emulated adapter on TCP, plugged into a simulated car whose engine ECU answers OBD-II (VIN,
supported PIDs, live data, DTCs) and UDS on 7E0/7E8. Runs until Ctrl-C.
  elm327   a Wi-Fi ELM327 (port 35000): point \`cartech obd|uds --port tcp://HOST:PORT\` or any ELM327 app at it
  slcan    an SLCAN adapter (port 35001) on the car's CAN bus: \`cartech can dump --adapter slcan --port …\`

Options:
  --port N           TCP port, 0 = any free one
  --host ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for the whole network)
  --scenario NAME    driving scenario: ${SCENARIO_NAMES.join(', ')} (default demo)
  --bus B            elm327: where the car's OBD ECU answers: ${CAR_OBD_BUSES.join(', ')} (default can)
  --stn              elm327: emulate an STN1110 (OBDLink) instead of an ELM327 v1.5
  --reset-ms MS      elm327: how long ATZ takes (default 1000, as a genuine ELM327)
  --dialect D        slcan: ${SLCAN_DIALECTS.join(' or ')} firmware (default lawicel)
  -h, --help         this help`;

const OPTIONS = {
	port: { type: 'string' },
	host: { type: 'string' },
	scenario: { type: 'string' },
	bus: { type: 'string' },
	stn: { type: 'boolean' },
	'reset-ms': { type: 'string' },
	dialect: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

const DEFAULT_PORTS = { elm327: 35000, slcan: 35001 } as const;

export async function runEmulate(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, EMULATE_USAGE);
	if (values.help) {
		await write(io.stdout, EMULATE_USAGE + '\n');
		return 0;
	}
	const [device, ...rest] = positionals;
	if (device !== 'elm327' && device !== 'slcan') {
		throw new UsageError(
			device ? `cannot emulate "${device}"; elm327 or slcan` : 'which device? elm327 or slcan',
			EMULATE_USAGE
		);
	}
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, EMULATE_USAGE);
	const elmOnly = (['bus', 'stn', 'reset-ms'] as const).find((o) => values[o] !== undefined);
	if (device === 'slcan' && elmOnly) {
		throw new UsageError(`--${elmOnly} is for emulate elm327`, EMULATE_USAGE);
	}
	if (device === 'elm327' && values.dialect !== undefined) {
		throw new UsageError('--dialect is for emulate slcan', EMULATE_USAGE);
	}
	const port =
		integerOption(values.port, 'port', EMULATE_USAGE, { min: 0, max: 65535 }) ??
		DEFAULT_PORTS[device];
	const scenario = values.scenario ?? 'demo';
	if (!isScenarioName(scenario)) {
		throw new UsageError(
			`unknown scenario "${scenario}"; one of ${SCENARIO_NAMES.join(', ')}`,
			EMULATE_USAGE
		);
	}
	const host = values.host ?? '127.0.0.1';
	const onEvent = (e: { kind: 'connect' | 'disconnect'; remote: string }) =>
		void write(
			io.stderr,
			`${e.kind === 'connect' ? 'client connected' : 'client left'}: ${e.remote}\n`
		);
	let server: EmulatorServer;
	let what: string;
	if (device === 'elm327') {
		const bus = values.bus ?? 'can';
		if (!isCarObdBus(bus)) {
			throw new UsageError(
				`--bus must be one of ${CAR_OBD_BUSES.join(', ')}, got "${bus}"`,
				EMULATE_USAGE
			);
		}
		const resetMs = integerOption(values['reset-ms'], 'reset-ms', EMULATE_USAGE, {
			min: 0,
			max: 10_000
		});
		server = await startElm327Server({
			host,
			port,
			scenario,
			resetMs,
			bus,
			flavour: values.stn ? 'stn1110' : 'elm327',
			onEvent
		});
		what = `${values.stn ? 'STN1110' : 'ELM327'} emulator (simulated car on ${bus === 'can' ? 'CAN' : `the K-line, ${bus}`}, scenario ${scenario})`;
	} else {
		const dialect = values.dialect ?? 'lawicel';
		if (!isSlcanDialect(dialect)) {
			throw new UsageError(
				`--dialect must be ${SLCAN_DIALECTS.join(' or ')}, got "${dialect}"`,
				EMULATE_USAGE
			);
		}
		server = await startSlcanServer({ host, port, dialect, scenario, onEvent });
		what = `SLCAN emulator (${dialect} firmware, simulated car, scenario ${scenario})`;
	}
	await write(io.stdout, `${what} listening on tcp://${server.host}:${server.port}\n`);
	await new Promise<void>((resolve) => {
		if (io.signal.aborted) return resolve();
		io.signal.addEventListener('abort', () => resolve(), { once: true });
	});
	await server.close();
	return 0;
}
