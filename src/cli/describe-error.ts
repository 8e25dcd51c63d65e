import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterTimeoutError
} from '../lib/hardware/errors';
import { Elm327StatusError } from '../lib/hardware/protocol/elm327';
import { ObdError, ObdNegativeResponseError } from '../lib/hardware/protocol/obd2';
import { nrcName } from '../lib/hardware/protocol/uds/nrc';
import {
	NegativeResponseError,
	UdsError,
	UdsTimeoutError
} from '../lib/hardware/protocol/uds/errors';
import { Sid } from '../lib/hardware/protocol/uds/sid';
import { DbcParseError } from '../lib/hardware/protocol/dbc';
import { CandumpParseError } from '../lib/logs/candump';
import { NoDataError } from '../lib/hardware/diagnostics/obd-session';

const ELM_HINTS: Partial<Record<Elm327StatusError['status'], string>> = {
	'unable-to-connect':
		'the adapter found no OBD protocol: is the ignition on and the adapter seated?',
	'can-error':
		'the adapter cannot talk on the CAN bus: check the wiring and the protocol (--protocol)',
	'bus-init-error': 'the K-line/J1850 bus did not initialise: is the ignition on?',
	'buffer-full': 'the adapter dropped data: raise the baud rate or filter',
	'unknown-command': 'the adapter did not understand a command (a clone missing it?)'
};

const SERVICE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
	Object.entries(Sid).map(([name, sid]) => [sid, name])
);

function service(sid: number): string {
	const name = SERVICE_NAMES[sid];
	return name ? `${name} (${hex(sid)})` : `service ${hex(sid)}`;
}

function hex(byte: number): string {
	return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** One line a user can act on, for every failure the CLI expects; anything else keeps its own message. */
export function describeError(err: unknown): string {
	if (err instanceof NoDataError) {
		return `${err.message} (ignition on? does the car support it?)`;
	}
	if (err instanceof ObdNegativeResponseError) {
		return `the ECU refused service ${hex(err.sid)}: ${nrcName(err.nrc)} (NRC ${hex(err.nrc)})`;
	}
	if (err instanceof NegativeResponseError) {
		return `the ECU refused ${service(err.sid)}: ${err.nrcName} (${hex(err.nrc)})`;
	}
	if (err instanceof UdsTimeoutError) {
		const pending =
			err.pendingResponses > 0 ? ` after ${err.pendingResponses} responsePending` : '';
		return `no answer from the ECU to ${service(err.sid)} within ${err.timeoutMs} ms${pending} (are --tx/--rx right and the ignition on?)`;
	}
	if (err instanceof UdsError) return `UDS: ${err.message}`;
	if (err instanceof Elm327StatusError) {
		const hint = ELM_HINTS[err.status];
		return `${err.line || err.status}: ${hint ?? err.message}`;
	}
	if (err instanceof AdapterTimeoutError) {
		return `no response from the adapter (${err.message}); check --port and --baud (ELM327s start at 38400, some clones at 9600 or 115200)`;
	}
	if (err instanceof AdapterDisconnectedError) {
		const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
		return `the adapter went away (${err.message}${cause})`;
	}
	if (err instanceof AdapterError) return err.message;
	if (err instanceof ObdError) return `the ECU's answer did not decode: ${err.message}`;
	if (err instanceof CandumpParseError) return `log: ${err.message}`;
	if (err instanceof DbcParseError) return `DBC: ${err.message}`;
	const code = (err as NodeJS.ErrnoException | null)?.code;
	const path = (err as NodeJS.ErrnoException | null)?.path;
	if (code === 'ENOENT' && path) return `no such file: ${path}`;
	if (code === 'EACCES' && path) return `permission denied: ${path}`;
	if (code === 'EISDIR' && path) return `${path} is a directory`;
	return err instanceof Error ? err.message : String(err);
}
