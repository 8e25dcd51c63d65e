import {
	decodeCurrentDataResponse,
	decodeFreezeFrameResponse,
	describeDtc,
	encodeCurrentDataRequest,
	encodeFreezeFrameRequest,
	incompleteMonitors,
	ObdNegativeResponseError,
	pidDefinition,
	type MonitorStatus
} from '../protocol/obd2';
import type { ObdRequester } from './obd-requester';
import { NoDataError, dataPids, discoverPids, readDtcs, readVin, request } from './obd-session';

/**
 * The Diagnostics page's reads, composed from the OBD-II services (SAE J1979): what a technician checks when a car
 * comes in. Each part fails on its own: a car with no freeze frame still shows its VIN and codes.
 */
export interface Dtc {
	code: string;
	description: string | null;
	kind: 'stored' | 'pending' | 'permanent';
}

export interface Readiness {
	mil: boolean;
	dtcCount: number;
	ignition: MonitorStatus['ignition'];
	monitors: { name: string; available: boolean; complete: boolean }[];
	incomplete: string[];
}

export interface FreezeFrame {
	/** The DTC that stored the frame (PID 02), or null when none is stored. */
	dtc: string | null;
	values: { pid: number; name: string; value: number; unit: string }[];
}

export async function readVinOrNull(obd: ObdRequester): Promise<string | null> {
	return readVin(obd).catch((err) => {
		if (err instanceof NoDataError) return null;
		throw err;
	});
}

export async function readSupportedPids(
	obd: ObdRequester
): Promise<{ pid: number; name: string }[]> {
	return dataPids(await discoverPids(obd)).map((pid) => ({
		pid,
		name: pidDefinition(pid)?.name ?? `PID ${pid.toString(16).toUpperCase().padStart(2, '0')}`
	}));
}

/** Services 03, 07 and 0A. A service an ECU does not support (NO DATA) contributes nothing. */
export async function readAllDtcs(obd: ObdRequester): Promise<Dtc[]> {
	const out: Dtc[] = [];
	for (const kind of ['stored', 'pending', 'permanent'] as const) {
		const answers = await readDtcs(obd, kind).catch((err) => {
			if (err instanceof NoDataError) return [];
			throw err;
		});
		for (const { codes } of answers)
			for (const code of codes) out.push({ code, description: describeDtc(code) ?? null, kind });
	}
	return out;
}

/** Service 01 PID 01: MIL, DTC count and the readiness monitors (inspection stations check these). */
export async function readReadiness(obd: ObdRequester): Promise<Readiness> {
	const [answer] = await request(
		obd,
		encodeCurrentDataRequest(0x01),
		'monitor status (service 01 01)'
	);
	const [value] = decodeCurrentDataResponse(answer.data, [0x01]);
	if (value?.structured?.decoder !== 'monitorStatus')
		throw new NoDataError('monitor status (service 01 01)');
	const status = value.structured.value;
	return {
		mil: status.mil,
		dtcCount: status.dtcCount,
		ignition: status.ignition,
		monitors: Object.entries(status.monitors).map(([name, m]) => ({
			name,
			available: m.available,
			complete: m.complete
		})),
		incomplete: incompleteMonitors(status)
	};
}

/** Service 02 frame 0: the DTC that froze it (PID 02), then the values the ECU stored with it. */
export async function readFreezeFrame(
	obd: ObdRequester,
	pids: readonly number[] = [0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x11]
): Promise<FreezeFrame> {
	const dtcAnswer = await request(
		obd,
		encodeFreezeFrameRequest(0x02),
		'freeze frame DTC (service 02 02)'
	).catch((err) => {
		if (err instanceof NoDataError) return [];
		throw err;
	});
	const dtcValue = dtcAnswer[0] && decodeFreezeFrameResponse(dtcAnswer[0].data, 0x02);
	const dtc =
		dtcValue?.structured?.decoder === 'dtc' ? (dtcValue.structured.value as string | null) : null;
	if (!dtc) return { dtc: null, values: [] };
	const values: FreezeFrame['values'] = [];
	for (const pid of pids) {
		const answers = await request(
			obd,
			encodeFreezeFrameRequest(pid),
			`freeze frame PID ${pid}`
		).catch((err) => {
			if (err instanceof NoDataError) return [];
			throw err;
		});
		if (!answers[0]) continue;
		let decoded;
		try {
			decoded = decodeFreezeFrameResponse(answers[0].data, pid);
		} catch (err) {
			// An ECU stores only some PIDs with a frame and refuses the rest (NRC 0x31, SAE J1979 §6.2).
			if (err instanceof ObdNegativeResponseError) continue;
			throw err;
		}
		for (const r of decoded.readings)
			values.push({ pid, name: decoded.name, value: r.value, unit: r.unit });
	}
	return { dtc, values };
}
