import type { Elm327Adapter } from '../lib/hardware/adapters/elm327';
import {
	ObdNegativeResponseError,
	describeDtc,
	pidDefinition,
	type PidDefinition
} from '../lib/hardware/protocol/obd2';
import { integerOption, parseCommandArgs, positiveOption } from './args';
import { write, type CliIo } from './io';
import {
	NoDataError,
	clearDtcs,
	dataPids,
	discoverPids,
	formatEcu,
	readDtcs,
	readVin,
	type DtcKind
} from '../lib/hardware/diagnostics/obd-session';
import { watchPids } from './obd-watch';
import { parsePidArgument } from './pid-argument';
import { pidHex } from './format-pid';
import { parsePortSpec } from './port';
import { withElm327 } from './elm-session';
import { parseCanId } from './can-id';
import { UsageError } from './usage-error';

export const OBD_USAGE = `Usage: cartech obd --port PORT [options] <command> [PID...]

Talks OBD-II (SAE J1979) through an ELM327 or STN adapter, on CAN (ISO 15765-4) or the K-line (ISO 9141-2,
ISO 14230-4 KWP); the automatic search finds either.

Commands:
  info            adapter identity, protocol, battery voltage, VIN, supported PID count
  vin             the vehicle identification number
  dtc             stored, pending and permanent trouble codes
  clear-dtc       clear trouble codes and the MIL (needs --yes; ECUs refuse with the engine running)
  pids            the service-01 PIDs the car supports
  watch PID...    live values, one line per sample, until Ctrl-C, --count or --seconds
                  (PIDs in hex, 0C, or by name, engineRpm; up to 6 go in one request)

Options:
  --port PORT       tcp://HOST:PORT (Wi-Fi adapters, \`cartech emulate\`) or a serial device (/dev/ttyUSB0, COM3)
  --baud N          serial baud rate (default 38400)
  --protocol P      ATSP protocol digit: 0 = automatic search (default), 3 = ISO 9141-2,
                    4/5 = KWP with 5-baud/fast init, 6 = CAN 11-bit 500k, …
  --timeout MS      per-request timeout (default 5000)
  --ecu ID          address one ECU (ATSH, e.g. 7E0) instead of all (7DF); it then names what it refuses
  --count N         watch: stop after N samples
  --seconds S       watch: stop after S seconds
  --yes             clear-dtc: confirm
  -h, --help        this help`;

const COMMANDS = ['info', 'vin', 'dtc', 'clear-dtc', 'pids', 'watch'] as const;
type ObdCommand = (typeof COMMANDS)[number];

const OPTIONS = {
	port: { type: 'string' },
	baud: { type: 'string' },
	protocol: { type: 'string' },
	timeout: { type: 'string' },
	ecu: { type: 'string' },
	count: { type: 'string' },
	seconds: { type: 'string' },
	yes: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' }
} as const;

export async function runObd(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, OBD_USAGE);
	if (values.help) {
		await write(io.stdout, OBD_USAGE + '\n');
		return 0;
	}
	const [name, ...rest] = positionals;
	if (!name) throw new UsageError('missing command', OBD_USAGE);
	if (!(COMMANDS as readonly string[]).includes(name)) {
		throw new UsageError(`unknown obd command "${name}"`, OBD_USAGE);
	}
	const command = name as ObdCommand;
	if (command !== 'watch' && rest.length > 0) {
		throw new UsageError(`obd ${command} takes no arguments, got "${rest.join(' ')}"`, OBD_USAGE);
	}
	const pids = command === 'watch' ? watchArguments(rest) : [];
	if (command === 'clear-dtc' && !values.yes) {
		throw new UsageError(
			'clear-dtc erases the trouble codes, freeze frame and readiness monitors; add --yes to confirm',
			OBD_USAGE
		);
	}
	const spec = parsePortSpec(values.port, OBD_USAGE);
	const baudRate = integerOption(values.baud, 'baud', OBD_USAGE, { min: 300, max: 4_000_000 });
	const timeoutMs = integerOption(values.timeout, 'timeout', OBD_USAGE, { min: 10, max: 600_000 });
	const count = integerOption(values.count, 'count', OBD_USAGE, {
		min: 1,
		max: Number.MAX_SAFE_INTEGER
	});
	const seconds = positiveOption(values.seconds, 'seconds', OBD_USAGE);
	const protocol = values.protocol ?? '0';
	if (!/^[0-9a-c]$/i.test(protocol)) {
		throw new UsageError(
			`--protocol must be one ATSP digit 0–9 or A–C, got "${protocol}"`,
			OBD_USAGE
		);
	}

	const ecu = values.ecu === undefined ? undefined : parseEcuId(values.ecu);

	return withElm327(spec, { baudRate, timeoutMs, protocol }, async (adapter, identity) => {
		if (ecu !== undefined) await adapter.setHeader(ecu);
		switch (command) {
			case 'info': {
				const byEcu = await discoverPids(adapter);
				const [described] = await adapter.command('ATDP');
				const [voltage] = await adapter.command('ATRV').catch(() => ['?']);
				const vin = await readVin(adapter).catch((err) => `not reported (${errorText(err)})`);
				await write(
					io.stdout,
					[
						`Adapter:        ${identity.stnId ? `${identity.stnId} (${identity.elmId})` : identity.elmId}`,
						`Protocol:       ${described ?? 'unknown'}`,
						`Battery:        ${voltage}`,
						`VIN:            ${vin}`,
						`ECUs:           ${[...byEcu.keys()].map(formatEcu).join(', ')}`,
						`Supported PIDs: ${dataPids(byEcu).length}`
					].join('\n') + '\n'
				);
				return 0;
			}
			case 'vin':
				await write(io.stdout, (await readVin(adapter)) + '\n');
				return 0;
			case 'dtc':
				await write(io.stdout, await dtcReport(adapter));
				return 0;
			case 'clear-dtc': {
				const ecus = await clearDtcs(adapter);
				await write(io.stdout, `Cleared trouble codes on ${ecus.map(formatEcu).join(', ')}\n`);
				return 0;
			}
			case 'pids': {
				const byEcu = await discoverPids(adapter);
				const lines = [];
				for (const pid of dataPids(byEcu)) {
					const def = pidDefinition(pid);
					lines.push(
						`${pidHex(pid)}  ${(def?.key ?? '?').padEnd(30)} ${def?.name ?? 'not in the PID table'}`
					);
				}
				await write(io.stdout, lines.join('\n') + '\n');
				return 0;
			}
			case 'watch': {
				// Discovery first: it settles the protocol search on a request every ECU answers, and lets us say
				// which PIDs the car does not list (we still ask: support bitmaps are sometimes wrong).
				const supported = dataPids(await discoverPids(adapter));
				for (const def of pids) {
					if (supported.includes(def.pid)) continue;
					await write(
						io.stderr,
						`warning: the car does not list PID ${pidHex(def.pid)} (${def.name}) as supported\n`
					);
				}
				await watchPids(adapter, pids, io, { count, seconds });
				return 0;
			}
		}
	});
}

function parseEcuId(text: string): number {
	return parseCanId(text, '--ecu', OBD_USAGE).id;
}

function watchArguments(rest: string[]): PidDefinition[] {
	if (rest.length === 0)
		throw new UsageError('watch needs at least one PID, e.g. watch 0C 0D', OBD_USAGE);
	const defs = rest.map((text) => parsePidArgument(text, OBD_USAGE));
	for (const def of defs) {
		if (!def.fields || def.fields.length === 0) {
			throw new UsageError(
				`PID ${pidHex(def.pid)} (${def.name}) has no numeric value to watch`,
				OBD_USAGE
			);
		}
	}
	return defs;
}

async function dtcReport(adapter: Elm327Adapter): Promise<string> {
	const lines: string[] = [];
	for (const kind of ['stored', 'pending', 'permanent'] as DtcKind[]) {
		const answers = await readDtcs(adapter, kind).catch((err: unknown) => {
			// Services 07 and 0A are optional for older cars (SAE J1979: 0A from model year 2010).
			const unsupported = err instanceof NoDataError || err instanceof ObdNegativeResponseError;
			if (kind !== 'stored' && unsupported) return [];
			throw err;
		});
		const codes = answers.flatMap((a) => a.codes.map((code) => ({ ecu: a.ecu, code })));
		lines.push(
			`${kind[0].toUpperCase()}${kind.slice(1)} DTCs: ${codes.length === 0 ? 'none' : ''}`
		);
		for (const { ecu, code } of codes) {
			lines.push(
				`  ${code}  ${describeDtc(code) ?? '(no generic description)'}  [${formatEcu(ecu)}]`
			);
		}
	}
	return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

function errorText(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
