import { MalformedTransferError } from '../../errors';
import { ELM_ADAPTER, compactHex, hexToBytes, parseDataLine } from './hex-line';
import { parseLegacyMessage, type LegacyFamily } from './legacy-message';
import { mergeLegacyObdResponses } from './legacy-obd';
import type { ElmBusFamily } from './protocols';

/** One complete answer from one ECU, ISO-TP reassembled. */
export interface EcuResponse {
	/**
	 * Response CAN id (0x7E8…, 0x18DAF1xx), on K-line and J1850 the sender's address (0x10 for the engine ECU),
	 * or null when headers are off or the header carries no address.
	 */
	header: number | null;
	extended: boolean;
	/** The payload without ISO-TP PCI, header or check byte: service byte first (`41 0C 1A F8`). Non-CAN
	 * multi-message answers (DTC lists, VIN) are merged into their CAN form (legacy-obd.ts). */
	data: Uint8Array;
}

interface Reassembly {
	header: number;
	extended: boolean;
	expected: number;
	nextSeq: number;
	chunks: Uint8Array[];
	received: number;
}

function malformed(message: string): MalformedTransferError {
	return new MalformedTransferError(message, ELM_ADAPTER);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
	const out = new Uint8Array(length);
	let at = 0;
	for (const c of chunks) {
		const n = Math.min(c.length, length - at);
		out.set(c.subarray(0, n), at);
		at += n;
	}
	return out;
}

/**
 * With ATH1 and CAF1 the ELM shows each CAN frame with its ISO-TP PCI (ISO 15765-2 §9.6, protocols.md §7.1),
 * so frames are reassembled per response id: `7E8 10 14 49 02 01 …`, `7E8 21 …`, `7E8 22 …`.
 */
function assembleWithHeaders(lines: string[]): EcuResponse[] {
	const out: EcuResponse[] = [];
	const open = new Map<number, Reassembly>();
	for (const line of lines) {
		const { header, extended, bytes } = parseDataLine(line, true);
		const id = header as number;
		const pci = bytes[0] >> 4;
		const label = id.toString(16).toUpperCase();
		if (pci === 0) {
			const len = bytes[0] & 0x0f;
			if (len === 0 || len > bytes.length - 1) {
				throw malformed(
					`single frame from ${label} claims ${len} bytes, line has ${bytes.length - 1}`
				);
			}
			out.push({ header: id, extended, data: bytes.slice(1, 1 + len) });
		} else if (pci === 1) {
			if (bytes.length < 2) throw malformed(`first frame from ${label} is cut short`);
			const expected = ((bytes[0] & 0x0f) << 8) | bytes[1];
			if (expected < 8)
				throw malformed(`first frame from ${label} announces only ${expected} bytes`);
			const first = bytes.slice(2);
			open.set(id, {
				header: id,
				extended,
				expected,
				nextSeq: 1,
				chunks: [first],
				received: first.length
			});
		} else if (pci === 2) {
			const r = open.get(id);
			if (!r) throw malformed(`consecutive frame from ${label} without a first frame`);
			const seq = bytes[0] & 0x0f;
			if (seq !== r.nextSeq)
				throw malformed(`frame from ${label} has sequence ${seq}, expected ${r.nextSeq}`);
			r.nextSeq = (seq + 1) & 0x0f;
			const chunk = bytes.slice(1);
			r.chunks.push(chunk);
			r.received += chunk.length;
			if (r.received >= r.expected) {
				open.delete(id);
				out.push({ header: id, extended, data: concat(r.chunks, r.expected) });
			}
		} else {
			throw malformed(`frame from ${label} has PCI type ${pci}`);
		}
	}
	for (const r of open.values()) {
		throw malformed(
			`multi-frame answer from ${r.header.toString(16).toUpperCase()} ended after ${r.received} of ${r.expected} bytes`
		);
	}
	return out;
}

const LENGTH_LINE = /^[0-9A-Fa-f]{3}$/;
const SEGMENT_LINE = /^([0-9A-Fa-f]):(.*)$/;

/**
 * With ATH0 the ELM strips PCI bytes and prints a multi-frame answer as a length line (`014`) followed by
 * numbered segments `0: …`, `1: …` whose index is the low hex digit of the frame count (ELM327DSJ
 * "Multiline Responses"). Single-frame answers are bare data lines.
 */
function assembleWithoutHeaders(lines: string[]): EcuResponse[] {
	const out: EcuResponse[] = [];
	let pending: {
		expected: number;
		nextIndex: number;
		chunks: Uint8Array[];
		received: number;
	} | null = null;
	const finish = () => {
		if (!pending) return;
		if (pending.received < pending.expected) {
			throw malformed(
				`multi-frame answer ended after ${pending.received} of ${pending.expected} bytes`
			);
		}
		out.push({ header: null, extended: false, data: concat(pending.chunks, pending.expected) });
		pending = null;
	};
	for (const raw of lines) {
		const line = raw.trim();
		if (LENGTH_LINE.test(line)) {
			finish();
			pending = { expected: parseInt(line, 16), nextIndex: 0, chunks: [], received: 0 };
			continue;
		}
		const seg = SEGMENT_LINE.exec(line);
		if (seg) {
			if (!pending) throw malformed(`segment line ${JSON.stringify(line)} without a length line`);
			const index = parseInt(seg[1], 16);
			if (index !== pending.nextIndex) {
				throw malformed(`segment ${index} arrived, expected ${pending.nextIndex}`);
			}
			pending.nextIndex = (index + 1) & 0x0f;
			const bytes = hexToBytes(compactHex(seg[2]), line);
			pending.chunks.push(bytes);
			pending.received += bytes.length;
			if (pending.received >= pending.expected) finish();
			continue;
		}
		finish();
		out.push({ header: null, extended: false, data: parseDataLine(line, false).bytes });
	}
	finish();
	return out;
}

/**
 * Non-CAN lines are whole messages (header, data, check byte with ATH1; data alone with ATH0). Each ECU's
 * messages are merged into CAN-form answers, per sender address, in first-seen order.
 */
function assembleLegacy(lines: string[], headers: boolean, family: LegacyFamily): EcuResponse[] {
	const byEcu = new Map<number | null, Uint8Array[]>();
	for (const line of lines) {
		let source: number | null = null;
		let data: Uint8Array;
		if (headers) {
			const message = parseLegacyMessage(hexToBytes(compactHex(line.trim()), line), family);
			source = message.source;
			data = message.data;
		} else {
			data = parseDataLine(line, false).bytes;
		}
		const list = byEcu.get(source);
		if (list) list.push(data);
		else byEcu.set(source, [data]);
	}
	const out: EcuResponse[] = [];
	for (const [header, messages] of byEcu) {
		for (const data of mergeLegacyObdResponses(messages))
			out.push({ header, extended: false, data });
	}
	return out;
}

/**
 * Turns the data lines of one request into per-ECU answers; partial or inconsistent input throws. `family`
 * is the bus of the protocol the ELM is on (ATDPN), which decides how a line's header reads.
 */
export function assembleResponses(
	lines: string[],
	headers: boolean,
	family: ElmBusFamily = 'can'
): EcuResponse[] {
	if (family !== 'can') return assembleLegacy(lines, headers, family);
	return headers ? assembleWithHeaders(lines) : assembleWithoutHeaders(lines);
}

/** Answers grouped by ECU response id in first-seen order (null = headers off). */
export function groupByHeader(responses: EcuResponse[]): Map<number | null, EcuResponse[]> {
	const groups = new Map<number | null, EcuResponse[]>();
	for (const r of responses) {
		const list = groups.get(r.header);
		if (list) list.push(r);
		else groups.set(r.header, [r]);
	}
	return groups;
}
