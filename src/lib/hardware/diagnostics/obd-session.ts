import {
	BITMAP_PIDS,
	ObdService,
	decodeClearDtcsResponse,
	decodeCurrentDataResponse,
	decodeDtcResponse,
	decodeVinResponse,
	encodeClearDtcsRequest,
	encodeCurrentDataRequest,
	encodeVehicleInfoRequest,
	isBitmapPid,
	type PidValue
} from '../protocol/obd2';
import type { ObdRequester } from './obd-requester';

/** No ECU answered a request (an ELM prints NO DATA; on raw CAN, nothing arrived within P2). */
export class NoDataError extends Error {
	override name = 'NoDataError';
	constructor(
		readonly what: string,
		options?: { cause?: unknown }
	) {
		super(`NO DATA: no ECU answered the ${what} request`, options);
	}
}

export interface EcuAnswer {
	/** Response CAN id (0x7E8 for the engine ECU), or null when headers are off. */
	ecu: number | null;
	data: Uint8Array;
}

/** Sends one request and returns every ECU's answer, lowest id (the engine ECU on ISO 15765-4) first. */
export async function request(
	adapter: ObdRequester,
	bytes: Uint8Array,
	what: string,
	options: { expectedResponses?: number } = {}
): Promise<EcuAnswer[]> {
	const result = await adapter.query(bytes, options);
	if (result.kind === 'no-data') throw new NoDataError(what);
	return result.responses
		.map((r) => ({ ecu: r.header, data: r.data }))
		.sort((a, b) => (a.ecu ?? 0) - (b.ecu ?? 0));
}

export function formatEcu(ecu: number | null): string {
	return ecu === null ? 'ECU' : ecu.toString(16).toUpperCase();
}

/** The VIN (service 09 InfoType 02) from the first ECU that reports one. */
export async function readVin(adapter: ObdRequester): Promise<string> {
	const answers = await request(adapter, encodeVehicleInfoRequest(0x02), 'VIN (service 09 02)');
	let firstError: unknown;
	for (const a of answers) {
		try {
			return decodeVinResponse(a.data);
		} catch (err) {
			firstError ??= err;
		}
	}
	throw firstError;
}

/**
 * Supported service-01 PIDs per ECU, by the SAE J1979 bitmap walk: ask 00, then each base the previous bitmap
 * flags (its last bit). One bitmap per request, as python-OBD does, because not every ECU accepts several.
 */
export async function discoverPids(adapter: ObdRequester): Promise<Map<number | null, number[]>> {
	const byEcu = new Map<number | null, Set<number>>();
	const asked = new Set<number>();
	let base: number | undefined = 0x00;
	while (base !== undefined) {
		asked.add(base);
		const what = `supported PIDs (service 01 ${base.toString(16).padStart(2, '0')})`;
		const answers = await request(adapter, encodeCurrentDataRequest(base), what).catch((err) => {
			if (err instanceof NoDataError && base !== 0x00) return [];
			throw err;
		});
		for (const a of answers) {
			const set = byEcu.get(a.ecu) ?? new Set<number>();
			byEcu.set(a.ecu, set);
			for (const v of decodeCurrentDataResponse(a.data, [base])) {
				if (v.structured?.decoder === 'bitmap') for (const pid of v.structured.value) set.add(pid);
			}
		}
		base = BITMAP_PIDS.find((b) => !asked.has(b) && [...byEcu.values()].some((s) => s.has(b)));
	}
	return new Map([...byEcu].map(([ecu, set]) => [ecu, [...set].sort((a, b) => a - b)]));
}

/** The data PIDs (not the bitmap PIDs) any ECU supports. */
export function dataPids(byEcu: Map<number | null, number[]>): number[] {
	const all = new Set<number>();
	for (const pids of byEcu.values()) for (const pid of pids) if (!isBitmapPid(pid)) all.add(pid);
	return [...all].sort((a, b) => a - b);
}

export type DtcKind = 'stored' | 'pending' | 'permanent';

const DTC_SERVICES: Record<DtcKind, 0x03 | 0x07 | 0x0a> = {
	stored: ObdService.storedDtcs,
	pending: ObdService.pendingDtcs,
	permanent: ObdService.permanentDtcs
};

/** Services 03 / 07 / 0A: each answering ECU's codes. */
export async function readDtcs(
	adapter: ObdRequester,
	kind: DtcKind
): Promise<{ ecu: number | null; codes: string[] }[]> {
	const service = DTC_SERVICES[kind];
	const answers = await request(
		adapter,
		Uint8Array.of(service),
		`${kind} DTCs (service 0${service.toString(16).toUpperCase()})`
	);
	return answers.map((a) => ({ ecu: a.ecu, codes: decodeDtcResponse(a.data, service) }));
}

/** Service 04; a negative answer (engine running, for one) throws ObdNegativeResponseError. */
export async function clearDtcs(adapter: ObdRequester): Promise<(number | null)[]> {
	const answers = await request(adapter, encodeClearDtcsRequest(), 'clear DTCs (service 04)');
	for (const a of answers) decodeClearDtcsResponse(a.data);
	return answers.map((a) => a.ecu);
}

/** One service-01 request for up to six PIDs; every ECU's values. */
export async function readPids(
	adapter: ObdRequester,
	pids: readonly number[],
	expectedResponses?: number
): Promise<{ ecu: number | null; values: PidValue[] }[]> {
	const what = `service 01 ${pids.map((p) => p.toString(16).toUpperCase().padStart(2, '0')).join(' ')}`;
	const answers = await request(adapter, encodeCurrentDataRequest(...pids), what, {
		expectedResponses
	});
	return answers.map((a) => ({ ecu: a.ecu, values: decodeCurrentDataResponse(a.data, pids) }));
}
