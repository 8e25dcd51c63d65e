import { MalformedTransferError } from '../../errors';
import { ELM_ADAPTER } from './hex-line';

/**
 * SAE J1979 on the non-CAN buses (ISO 9141-2, ISO 14230-4, J1850) caps a message at 7 data bytes, so answers
 * that CAN sends in one ISO-TP message arrive as several: DTC lists three codes per message padded with
 * `00 00` and no count byte; service 09 items 4 bytes per message after a sequence number, the VIN's first
 * message carrying 3 fill bytes (`49 02 01 00 00 00 57`). These helpers convert between the two forms, so
 * callers decode one payload shape whatever the bus (python-OBD protocol_legacy.py does the same merge).
 */

const DTC_RESPONSE_SIDS: readonly number[] = [0x43, 0x47, 0x4a];
const VEHICLE_INFO_SID = 0x49;
const DTCS_PER_MESSAGE = 3;
const INFO_BYTES_PER_MESSAGE = 4;

/**
 * Service 09 InfoTypes sent as numbered 4-byte messages on non-CAN buses, with the size of one data item
 * (SAE J1979 service 09: VIN 17 bytes + 3 fill, CALID 16, CVN 4, IPT counters 2, ECU name 20).
 */
const MULTI_MESSAGE_INFO_TYPES: Readonly<Record<number, number>> = {
	0x02: 20,
	0x04: 16,
	0x06: 4,
	0x08: 2,
	0x0a: 20,
	0x0b: 2
};

function malformed(message: string): MalformedTransferError {
	return new MalformedTransferError(message, ELM_ADAPTER);
}

/** The non-CAN messages an ECU sends for one J1979 answer given in its CAN (ISO 15765-4) form. */
export function splitLegacyObdResponse(payload: Uint8Array): Uint8Array[] {
	const sid = payload[0];
	if (DTC_RESPONSE_SIDS.includes(sid) && payload.length >= 2) {
		const pairs = payload.subarray(2, 2 + 2 * payload[1]);
		const out: Uint8Array[] = [];
		for (let at = 0; at === 0 || at < pairs.length; at += 2 * DTCS_PER_MESSAGE) {
			const message = new Uint8Array(1 + 2 * DTCS_PER_MESSAGE);
			message[0] = sid;
			message.set(pairs.subarray(at, at + 2 * DTCS_PER_MESSAGE), 1);
			out.push(message);
		}
		return out;
	}
	const itemSize = MULTI_MESSAGE_INFO_TYPES[payload[1]];
	if (sid === VEHICLE_INFO_SID && itemSize !== undefined && payload.length >= 3) {
		const items = payload.subarray(3);
		const fill =
			(INFO_BYTES_PER_MESSAGE - (items.length % INFO_BYTES_PER_MESSAGE)) % INFO_BYTES_PER_MESSAGE;
		const padded = new Uint8Array(fill + items.length);
		padded.set(items, fill);
		const out: Uint8Array[] = [];
		for (let at = 0, seq = 1; at < padded.length; at += INFO_BYTES_PER_MESSAGE, seq++) {
			out.push(
				Uint8Array.of(sid, payload[1], seq, ...padded.subarray(at, at + INFO_BYTES_PER_MESSAGE))
			);
		}
		return out;
	}
	return [payload];
}

/**
 * One ECU's non-CAN messages for one request, in arrival order, merged into CAN-form payloads: all DTC
 * messages of a service into `43 count DTC…` (the `00 00` fill dropped), numbered service 09 messages of an
 * InfoType into `49 type count data…`. Everything else passes through one payload per message.
 * A gap or repeat in the service 09 numbering throws MalformedTransferError.
 */
export function mergeLegacyObdResponses(messages: readonly Uint8Array[]): Uint8Array[] {
	// Each merged answer takes the place where its first message arrived.
	const entries: (Uint8Array | Uint8Array[])[] = [];
	const groups = new Map<string, Uint8Array[]>();
	for (const m of messages) {
		const key = groupKey(m);
		const group = key === null ? undefined : groups.get(key);
		if (key === null) entries.push(m);
		else if (group) group.push(m);
		else {
			const fresh = [m];
			groups.set(key, fresh);
			entries.push(fresh);
		}
	}
	return entries.map((e) => (Array.isArray(e) ? mergeGroup(e) : e));
}

function groupKey(m: Uint8Array): string | null {
	if (m.length < 1) return null;
	if (DTC_RESPONSE_SIDS.includes(m[0])) return `dtc-${m[0]}`;
	if (m[0] === VEHICLE_INFO_SID && m.length >= 3 && MULTI_MESSAGE_INFO_TYPES[m[1]] !== undefined) {
		return `info-${m[1]}`;
	}
	return null;
}

function mergeGroup(group: Uint8Array[]): Uint8Array {
	const sid = group[0][0];
	if (sid !== VEHICLE_INFO_SID) {
		const codes: number[] = [];
		for (const m of group) {
			const body = m.subarray(1);
			if (body.length % 2 !== 0) {
				throw malformed(`DTC message ${hexText(m)} has an odd number of code bytes`);
			}
			for (let i = 0; i < body.length; i += 2) {
				if (body[i] !== 0 || body[i + 1] !== 0) codes.push(body[i], body[i + 1]);
			}
		}
		return Uint8Array.of(sid, codes.length / 2, ...codes);
	}
	const infoType = group[0][1];
	const sorted = [...group].sort((a, b) => a[2] - b[2]);
	sorted.forEach((m, i) => {
		if (m[2] !== i + 1) {
			const got = sorted.map((x) => x[2]).join(', ');
			throw malformed(
				`service 09 InfoType ${hexByte(infoType)} messages numbered ${got}, expected 1–${sorted.length}`
			);
		}
	});
	const data: number[] = [];
	for (const m of sorted) data.push(...m.subarray(3));
	const count = Math.max(1, Math.floor(data.length / MULTI_MESSAGE_INFO_TYPES[infoType]));
	return Uint8Array.of(sid, infoType, count, ...data);
}

function hexByte(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}

function hexText(bytes: Uint8Array): string {
	return [...bytes].map(hexByte).join(' ');
}
