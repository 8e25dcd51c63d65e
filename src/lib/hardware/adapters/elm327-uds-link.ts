import { AdapterRejectedError } from '../errors';
import { ELM_ADAPTER, formatCanId, hex } from '../protocol/elm327';
import { UdsLinkTimeoutError, type UdsLink } from '../protocol/uds/link';
import type { Elm327Adapter } from './elm327';

export interface Elm327UdsLinkOptions {
	/** An initialised adapter on a CAN protocol. */
	adapter: Elm327Adapter;
	/** The ECU's physical request id (ATSH). @default 0x7E0 */
	txId?: number;
	/** The ECU's response id (ATCRA). @default 0x7E8 */
	rxId?: number;
	/**
	 * ATST: how long the ELM waits for the first frame and, after each frame, for another before it prints its
	 * prompt. It must outlast the ECU's spacing of `7F sid 78` (responsePending) answers, or the final answer is
	 * lost; 1020 ms is the ELM's maximum (ELM327DSJ "AT ST hh", hh × 4 ms). @default 1020
	 */
	responseWindowMs?: number;
}

/** What the link does beyond UdsLink: put the adapter back for OBD use. */
export interface Elm327UdsLink extends UdsLink {
	readonly txId: number;
	readonly rxId: number;
	/** ATCRA off, ATSH back to the functional 7DF / 18DB33F1 and ATST to its default 0x32. */
	close(): Promise<void>;
}

/** A CAN frame carries 7 payload bytes in a single frame; the ELM327 cannot send first/consecutive frames. */
const MAX_REQUEST = 7;

function checkId(id: number, what: string): number {
	if (!Number.isInteger(id) || id < 0 || id > 0x1fffffff) {
		throw new TypeError(`${what} must be an 11- or 29-bit CAN id, got ${id}`);
	}
	return id;
}

/**
 * UDS (ISO 14229) through an ELM327 on ISO 15765-4: ATSH addresses the ECU, ATCRA keeps other ECUs' answers
 * out, and the ELM does ISO-TP (single-frame requests; multi-frame responses with its automatic flow control,
 * protocols.md §1.2). One reply, up to the prompt, can hold several answers: a `7F sid 78` series and then
 * the final answer, which `receive()` hands out in turn. Requests longer than 7 bytes need an STN (STPX) and
 * are refused here.
 */
export async function openElm327UdsLink(options: Elm327UdsLinkOptions): Promise<Elm327UdsLink> {
	const adapter = options.adapter;
	if (!adapter || typeof adapter.query !== 'function') {
		throw new TypeError('openElm327UdsLink needs an Elm327Adapter');
	}
	const txId = checkId(options.txId ?? 0x7e0, 'txId');
	const rxId = checkId(options.rxId ?? 0x7e8, 'rxId');
	const windowMs = options.responseWindowMs ?? 1020;
	const units = Math.round(windowMs / 4);
	if (!(units >= 1 && units <= 0xff)) {
		throw new RangeError(`responseWindowMs must be 4–1020 (ATST units of 4 ms), got ${windowMs}`);
	}
	const protocol = adapter.protocol;
	if (protocol && protocol.family !== 'can') {
		throw new AdapterRejectedError(
			`UDS through the ELM327 needs a CAN protocol (ISO 15765-4); the adapter is on ${protocol.name}`,
			ELM_ADAPTER
		);
	}
	const extended = txId > 0x7ff || rxId > 0x7ff;
	await adapter.command(`ATSH${formatCanId(txId, extended)}`);
	await adapter.command(`ATCRA${formatCanId(rxId, extended)}`);
	await adapter.command(`ATST${hex(units, 2)}`);
	const rxName = rxId.toString(16).toUpperCase();
	let queued: Uint8Array[] = [];

	return {
		txId,
		rxId,
		async request(payload, { timeoutMs }) {
			if (payload.length < 1 || payload.length > MAX_REQUEST) {
				throw new AdapterRejectedError(
					`an ELM327 sends single-frame requests of 1–${MAX_REQUEST} bytes, this one has ${payload.length}`,
					ELM_ADAPTER
				);
			}
			queued = [];
			// The prompt comes ATST after the last frame, so a long answer over a slow UART needs more than P2.
			const result = await adapter.query(payload, { timeoutMs: timeoutMs + windowMs + 2000 });
			const answers =
				result.kind === 'ok'
					? result.responses.filter((r) => r.header === rxId || r.header === null)
					: [];
			if (answers.length === 0) {
				throw new UdsLinkTimeoutError(
					`no answer from ${rxName} within the ELM327's ${units * 4} ms response window (ATST)`
				);
			}
			queued = answers.slice(1).map((r) => r.data);
			return answers[0].data;
		},
		async receive() {
			const next = queued.shift();
			if (next) return next;
			throw new UdsLinkTimeoutError(
				`the ELM327 ended its reply after responsePending without the final answer: ${rxName} took longer than the ${units * 4} ms response window (ATST)`
			);
		},
		async close() {
			queued = [];
			await adapter.command('ATCRA');
			await adapter.command(`ATSH${extended ? '18DB33F1' : '7DF'}`);
			await adapter.command('ATST32');
		}
	};
}
