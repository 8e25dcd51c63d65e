import { ObdFormatError, hex } from './errors';
import { PIDS_00_5F } from './pids-00-5f';
import { PIDS_60_C4 } from './pids-60-c4';
import type { PidDefinition } from './pid-types';

export const SERVICE_01_PIDS: readonly PidDefinition[] = [...PIDS_00_5F, ...PIDS_60_C4];

const BY_PID = new Map(SERVICE_01_PIDS.map((d) => [d.pid, d]));

export function pidDefinition(pid: number): PidDefinition | undefined {
	return BY_PID.get(pid);
}

export function requirePidDefinition(pid: number): PidDefinition {
	const def = BY_PID.get(pid);
	if (!def) throw new ObdFormatError(`service 01 PID ${hex(pid)} is not in the table`);
	return def;
}
