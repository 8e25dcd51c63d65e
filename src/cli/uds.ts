import { openElm327UdsLink } from '../lib/hardware/adapters/elm327-uds-link';
import { demoSeedToKey } from '../lib/hardware/emulators/vehicle/uds-security';
import { UdsClient } from '../lib/hardware/protocol/uds';
import { DiagnosticSession } from '../lib/hardware/protocol/uds/services/diagnostic-session-control';
import { integerOption, parseCommandArgs } from './args';
import { parseCanId, type CanIdArgument } from './can-id';
import { withElm327 } from './elm-session';
import { write, type CliIo } from './io';
import { parsePortSpec } from './port';
import { formatDidValue } from './uds-output';
import { UsageError } from './usage-error';

export const UDS_USAGE = `Usage: cartech uds --port PORT [options] <command>

Talks UDS (ISO 14229) to one ECU through an ELM327/STN on ISO 15765-4 CAN. The ELM does the ISO-TP framing,
so requests are single frames (up to 7 bytes) and answers can be any length.

Commands:
  read-did DID         read a data identifier (hex, e.g. F190 = VIN) and print it as text, or as hex
  session N            switch to diagnostic session N (1 default, 2 programming, 3 extended; hex)
  security-level N     unlock security level N (odd, hex) with the demo seed→key that \`cartech emulate\`'s
                       ECU uses (a stand-in for a manufacturer's algorithm)

Options:
  --port PORT       tcp://HOST:PORT or a serial device (/dev/ttyUSB0, COM3)
  --baud N          serial baud rate (default 38400)
  --tx ID           the ECU's request id, sent with ATSH (default 7E0)
  --rx ID           the ECU's response id, filtered with ATCRA (default: --tx + 8, or 7E8)
  --protocol P      ATSP digit (default 6, CAN 11/500; 7 when the ids are 29-bit)
  --session N       enter session N first (e.g. --session 3 security-level 1)
  --timeout MS      P2: how long the ECU may take to start answering (default 1000)
  --hex             read-did: print hex bytes even when the data is text
  -h, --help        this help`;

const COMMANDS = ['read-did', 'session', 'security-level'] as const;
type UdsCommand = (typeof COMMANDS)[number];

const OPTIONS = {
	port: { type: 'string' },
	baud: { type: 'string' },
	tx: { type: 'string' },
	rx: { type: 'string' },
	protocol: { type: 'string' },
	session: { type: 'string' },
	timeout: { type: 'string' },
	hex: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' }
} as const;

const SESSION_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
	Object.entries(DiagnosticSession).map(([name, id]) => [id, `${name}Session`])
);

/** The ELM's own time after the last frame (the link's ATST window) on top of P2, plus UART time. */
const LINK_GRACE_MS = 3000;

export async function runUds(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandArgs(args, OPTIONS, UDS_USAGE);
	if (values.help) {
		await write(io.stdout, UDS_USAGE + '\n');
		return 0;
	}
	const [name, ...rest] = positionals;
	if (!name) throw new UsageError('missing command', UDS_USAGE);
	if (!(COMMANDS as readonly string[]).includes(name)) {
		throw new UsageError(`unknown uds command "${name}"`, UDS_USAGE);
	}
	const command = name as UdsCommand;
	if (rest.length !== 1) {
		const what = command === 'read-did' ? 'a DID, e.g. F190' : 'a number, e.g. 3';
		throw new UsageError(`uds ${command} takes ${what}`, UDS_USAGE);
	}
	const argument =
		command === 'read-did'
			? parseHexArgument(rest[0], 'DID', 0xffff)
			: parseHexArgument(rest[0], command, 0x7f);
	if (command === 'security-level' && argument % 2 === 0) {
		throw new UsageError(
			`security-level takes the odd requestSeed level (1, 3, …), got ${rest[0]}`,
			UDS_USAGE
		);
	}
	const spec = parsePortSpec(values.port, UDS_USAGE);
	const baudRate = integerOption(values.baud, 'baud', UDS_USAGE, { min: 300, max: 4_000_000 });
	const p2Ms =
		integerOption(values.timeout, 'timeout', UDS_USAGE, { min: 10, max: 60_000 }) ?? 1000;
	const tx =
		values.tx === undefined
			? { id: 0x7e0, extended: false }
			: parseCanId(values.tx, '--tx', UDS_USAGE);
	const rx = values.rx === undefined ? responseIdFor(tx) : parseCanId(values.rx, '--rx', UDS_USAGE);
	const protocol = values.protocol ?? (tx.extended || rx.extended ? '7' : '6');
	if (!/^[6-9a-c]$/i.test(protocol)) {
		throw new UsageError(
			`--protocol must be a CAN protocol digit 6–9 or A–C, got "${protocol}"`,
			UDS_USAGE
		);
	}
	const session =
		values.session === undefined ? undefined : parseHexArgument(values.session, '--session', 0x7f);

	return withElm327(
		spec,
		{ baudRate, timeoutMs: p2Ms + LINK_GRACE_MS, protocol },
		async (adapter) => {
			const link = await openElm327UdsLink({ adapter, txId: tx.id, rxId: rx.id });
			const client = new UdsClient({ link, p2Ms, linkGraceMs: LINK_GRACE_MS });
			if (session !== undefined) await client.diagnosticSessionControl(session);
			switch (command) {
				case 'read-did': {
					const data = await client.readDataByIdentifier(argument);
					await write(io.stdout, formatDidValue(data, { hex: values.hex ?? false }) + '\n');
					return 0;
				}
				case 'session': {
					const answer = await client.diagnosticSessionControl(argument);
					const timing =
						answer.p2Ms === undefined
							? ''
							: `; the ECU answers within P2 ${answer.p2Ms} ms, P2* ${answer.p2StarMs} ms`;
					await write(
						io.stdout,
						`Session ${byteText(answer.session)} (${sessionName(answer.session)}) active${timing}\n`
					);
					return 0;
				}
				case 'security-level': {
					const { alreadyUnlocked } = await client.securityAccess(argument, demoSeedToKey);
					await write(
						io.stdout,
						`Security level ${byteText(argument)} ${alreadyUnlocked ? 'was already unlocked' : 'unlocked'}\n`
					);
					return 0;
				}
			}
		}
	);
}

/** ISO 15765-4 §6.3: the response id is the request id + 8 (11-bit) or has target and source swapped (29-bit). */
function responseIdFor(tx: CanIdArgument): CanIdArgument {
	if (!tx.extended) return { id: tx.id + 8, extended: false };
	const id = (tx.id & 0x1fff0000) | ((tx.id & 0xff) << 8) | ((tx.id >> 8) & 0xff);
	return { id, extended: true };
}

function parseHexArgument(text: string, what: string, max: number): number {
	const m = /^(?:0x)?([0-9a-f]+)$/i.exec(text);
	const value = m ? parseInt(m[1], 16) : NaN;
	if (!m || value < 1 || value > max) {
		throw new UsageError(
			`${what} must be hex 1–${max.toString(16).toUpperCase()}, got "${text}"`,
			UDS_USAGE
		);
	}
	return value;
}

function byteText(value: number): string {
	return value.toString(16).toUpperCase().padStart(2, '0');
}

function sessionName(session: number): string {
	return (
		SESSION_NAMES[session] ??
		(session >= 0x40 && session <= 0x7e ? 'manufacturer session' : 'session')
	);
}
