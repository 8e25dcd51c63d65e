import { SCENARIO_NAMES, isScenarioName } from '../lib/hardware/emulators/vehicle/scenarios';
import { integerOption, parseCommandArgs } from './args';
import { startElm327Server } from './elm327-server';
import { write, type CliIo } from './io';
import { UsageError } from './usage-error';

export const EMULATE_USAGE = `Usage: cartech emulate elm327 [--port 35000] [--host 127.0.0.1] [--scenario demo]

Serves an emulated Wi-Fi ELM327 on TCP, plugged into a simulated car whose engine ECU answers OBD-II
(VIN, supported PIDs, live data, DTCs). Point \`cartech obd --port tcp://HOST:PORT\` or any ELM327 app at it.
Runs until Ctrl-C.

Options:
  --port N           TCP port, 0 = any free one (default 35000)
  --host ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for the whole network)
  --scenario NAME    driving scenario: ${SCENARIO_NAMES.join(', ')} (default demo)
  --stn              emulate an STN1110 (OBDLink) instead of an ELM327 v1.5
  --reset-ms MS      how long ATZ takes (default 1000, as a genuine ELM327)
  -h, --help         this help`;

const OPTIONS = {
	port: { type: 'string' },
	host: { type: 'string' },
	scenario: { type: 'string' },
	stn: { type: 'boolean' },
	'reset-ms': { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

export async function runEmulate(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, EMULATE_USAGE);
	if (values.help) {
		await write(io.stdout, EMULATE_USAGE + '\n');
		return 0;
	}
	const [device, ...rest] = positionals;
	if (device !== 'elm327') {
		throw new UsageError(
			device ? `cannot emulate "${device}"; only elm327` : 'which device? elm327',
			EMULATE_USAGE
		);
	}
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, EMULATE_USAGE);
	const port = integerOption(values.port, 'port', EMULATE_USAGE, { min: 0, max: 65535 }) ?? 35000;
	const resetMs = integerOption(values['reset-ms'], 'reset-ms', EMULATE_USAGE, {
		min: 0,
		max: 10_000
	});
	const scenario = values.scenario ?? 'demo';
	if (!isScenarioName(scenario)) {
		throw new UsageError(
			`unknown scenario "${scenario}"; one of ${SCENARIO_NAMES.join(', ')}`,
			EMULATE_USAGE
		);
	}
	const server = await startElm327Server({
		host: values.host ?? '127.0.0.1',
		port,
		scenario,
		resetMs,
		flavour: values.stn ? 'stn1110' : 'elm327',
		onEvent: (e) =>
			void write(
				io.stderr,
				`${e.kind === 'connect' ? 'client connected' : 'client left'}: ${e.remote}\n`
			)
	});
	await write(
		io.stdout,
		`${values.stn ? 'STN1110' : 'ELM327'} emulator (simulated car, scenario ${scenario}) listening on tcp://${server.host}:${server.port}\n`
	);
	await new Promise<void>((resolve) => {
		if (io.signal.aborted) return resolve();
		io.signal.addEventListener('abort', () => resolve(), { once: true });
	});
	await server.close();
	return 0;
}
