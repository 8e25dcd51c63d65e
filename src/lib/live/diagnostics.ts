import { clearDtcs } from '../hardware/diagnostics/obd-session';
import {
	readAllDtcs,
	readFreezeFrame,
	readReadiness,
	readSupportedPids,
	readVinOrNull,
	type Dtc,
	type FreezeFrame,
	type Readiness
} from '../hardware/diagnostics/obd-report';
import type { ObdRequester } from '../hardware/diagnostics/obd-requester';

/** The Diagnostics page's operations, as the worker runs them on the connected source. */
export type DiagnosticOp = 'vin' | 'pids' | 'dtcs' | 'readiness' | 'freeze-frame' | 'clear-dtcs';

export type DiagnosticResult =
	| { op: 'vin'; vin: string | null }
	| { op: 'pids'; pids: { pid: number; name: string }[] }
	| { op: 'dtcs'; dtcs: Dtc[] }
	| { op: 'readiness'; readiness: Readiness }
	| { op: 'freeze-frame'; freezeFrame: FreezeFrame }
	| { op: 'clear-dtcs'; cleared: number };

export const DIAGNOSTIC_OPS: readonly DiagnosticOp[] = [
	'vin',
	'pids',
	'dtcs',
	'readiness',
	'freeze-frame',
	'clear-dtcs'
];

export async function runDiagnostic(
	obd: ObdRequester,
	op: DiagnosticOp
): Promise<DiagnosticResult> {
	switch (op) {
		case 'vin':
			return { op, vin: await readVinOrNull(obd) };
		case 'pids':
			return { op, pids: await readSupportedPids(obd) };
		case 'dtcs':
			return { op, dtcs: await readAllDtcs(obd) };
		case 'readiness':
			return { op, readiness: await readReadiness(obd) };
		case 'freeze-frame':
			return { op, freezeFrame: await readFreezeFrame(obd) };
		case 'clear-dtcs':
			return { op, cleared: (await clearDtcs(obd)).length };
	}
	throw new TypeError(`unknown diagnostic "${String(op)}"`);
}
