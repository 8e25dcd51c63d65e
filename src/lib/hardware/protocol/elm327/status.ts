import { AdapterError } from '../../errors';

/**
 * Non-data lines an ELM327/STN prints instead of (or before) an answer. ELM327DSJ "Error Messages and
 * Alerts" pp. 87-89; the digest is protocols.md §1.1. `informational` lines precede data and are dropped.
 */
export const ELM_STATUS_LINES = {
	'SEARCHING...': 'informational',
	OK: 'ok',
	'NO DATA': 'no-data',
	'?': 'unknown-command',
	STOPPED: 'stopped',
	'UNABLE TO CONNECT': 'unable-to-connect',
	'CAN ERROR': 'can-error',
	'BUFFER FULL': 'buffer-full',
	'BUS BUSY': 'bus-busy',
	'BUS ERROR': 'bus-error',
	'FB ERROR': 'fb-error',
	'DATA ERROR': 'data-error',
	'<DATA ERROR': 'data-error',
	'<RX ERROR': 'rx-error',
	ERR94: 'fatal-can-error',
	'LV RESET': 'low-voltage-reset',
	'ACT ALERT': 'activity-alert',
	'LP ALERT': 'low-power-alert'
} as const;

export type ElmStatus = (typeof ELM_STATUS_LINES)[keyof typeof ELM_STATUS_LINES] | 'bus-init-error';

/**
 * The status a line stands for, or null for a data line. `BUS INIT: ...OK` is informational; the init can
 * also end in ERROR or, when the host interrupted it, STOPPED (python-OBD issue #263 shows `BUS INIT: STOPPED`).
 * A data line the ELM marked with a trailing `<DATA ERROR` / `<RX ERROR` (bad checksum) counts as that error.
 */
export function classifyStatusLine(line: string): ElmStatus | null {
	const known = ELM_STATUS_LINES[line as keyof typeof ELM_STATUS_LINES];
	if (known) return known;
	if (line.startsWith('BUS INIT:')) {
		if (line.endsWith('ERROR')) return 'bus-init-error';
		return line.endsWith('STOPPED') ? 'stopped' : 'informational';
	}
	if (line.endsWith('<DATA ERROR')) return 'data-error';
	if (line.endsWith('<RX ERROR')) return 'rx-error';
	// Newer ELM firmware appends an error code digit, e.g. "ERR94" is documented; "ERR7x" variants exist.
	if (/^ERR\d\d$/.test(line)) return 'fatal-can-error';
	return null;
}

/** The adapter answered a request with an error status instead of data (ELM327DSJ pp. 87-89). */
export class Elm327StatusError extends AdapterError {
	override name = 'Elm327StatusError';
	constructor(
		message: string,
		adapter: string,
		readonly status: ElmStatus,
		readonly line: string,
		options?: { cause?: unknown }
	) {
		super(message, adapter, options);
	}
}
