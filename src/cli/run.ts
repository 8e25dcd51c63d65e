import { runCan } from './can-dump';
import { runDecode } from './decode';
import { describeError } from './describe-error';
import { runEmulate } from './emulate';
import { write, type CliIo } from './io';
import { runObd } from './obd';
import { runUds } from './uds';
import { UsageError } from './usage-error';

export const MAIN_USAGE = `Usage: cartech <command> [options]

Commands:
  obd       OBD-II through an ELM327/STN adapter (CAN or K-line): info, vin, dtc, clear-dtc, pids, watch
  uds       UDS through an ELM327/STN: read-did, session, security-level
  can       CAN bus capture through SLCAN or an ELM327: dump (candump -l format)
  decode    decode a candump log with a DBC into JSON Lines or CSV
  emulate   serve an emulated Wi-Fi ELM327 or an SLCAN adapter on a simulated car

\`cartech <command> --help\` describes each. Exit status: 0 success, 1 failure, 2 bad usage.`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
	obd: runObd,
	uds: runUds,
	can: runCan,
	decode: runDecode,
	emulate: runEmulate
};

/** Runs one command line; failures become a one-line message on stderr and the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	const [name, ...args] = argv;
	try {
		if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
			await write(name === undefined ? io.stderr : io.stdout, MAIN_USAGE + '\n');
			return name === undefined ? 2 : 0;
		}
		const command = COMMANDS[name];
		if (!command) throw new UsageError(`unknown command "${name}"`, MAIN_USAGE);
		return await command(args, io);
	} catch (err) {
		if (err instanceof UsageError) {
			await write(io.stderr, `cartech: ${err.message}\n\n${err.usage}\n`);
			return 2;
		}
		await write(io.stderr, `cartech: ${describeError(err)}\n`);
		return 1;
	}
}
