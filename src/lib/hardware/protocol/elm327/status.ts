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

/** The status a line stands for, or null for a data line. `BUS INIT: ...OK` is informational. */
export function classifyStatusLine(line: string): ElmStatus | null {
	const known = ELM_STATUS_LINES[line as keyof typeof ELM_STATUS_LINES];
	if (known) return known;
	if (line.startsWith('BUS INIT:'))
		return line.endsWith('ERROR') ? 'bus-init-error' : 'informational';
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
