import { formatFrameLine } from '../protocol/elm327/format';
import { splitLegacyObdResponse } from '../protocol/elm327/legacy-obd';
import {
	ISO9141_OBD_MAX_DATA,
	KLineKeyBytesError,
	KWP_MAX_INLINE_LENGTH,
	encodeIso9141ObdResponse,
	encodeKwpFrame,
	identifyKeyBytes
} from '../protocol/kline';
import type { ObdContext, ObdOutcome } from './elm327-device-obd';
import { KLINE_ECU_ADDRESS, type KLineCarEcu } from './elm327-device-kline-ecu';

/** How long the K-line steps take on the emulated wire. */
export interface KLineTiming {
	/**
	 * 5-baud init: the address byte 0x33 alone takes 2 s (10 bits at 5 baud), then W1 ≤ 300 ms to the 0x55 sync,
	 * the key bytes and the inverted echoes (ISO 9141-2 §6.3, ISO 14230-2 §5.2.4.2). @default 2400
	 */
	slowInitMs: number;
	/** Fast init: 25 ms low + 25 ms high wake-up, then StartCommunication and its answer (ISO 14230-2 §5.2.4.3). @default 100 */
	fastInitMs: number;
	/** P2: ECU response gap after a request or between its messages (ISO 9141-2 §7.3: 25–50 ms). @default 25 */
	p2Ms: number;
}

export const DEFAULT_KLINE_TIMING: KLineTiming = { slowInitMs: 2400, fastInitMs: 100, p2Ms: 25 };

/** One byte on the K-line: 10 bits at 10.4 kbaud. */
const BYTE_MS = 10 / 10.4;

export interface KLineContext extends ObdContext {
	ecu: KLineCarEcu;
	timing: KLineTiming;
	/** Prints text without a line ending (the progress of `BUS INIT: ...`). */
	out(text: string): void;
}

type KLineFamily = 'iso9141' | 'kwp';

/**
 * The ELM327's default request headers (ELM327DSJ "AT SH"): ISO 9141-2 `68 6A F1` (functional OBD request from
 * tester F1), KWP `C1 33 F1` whose length bits the ELM fills in per message.
 */
const REQUEST_HEADERS: Record<KLineFamily, readonly [number, number, number]> = {
	iso9141: [0x68, 0x6a, 0xf1],
	kwp: [0xc1, 0x33, 0xf1]
};

/** The functional OBD target addresses (SAE J1979 §5: 6A on ISO 9141-2, 33 on ISO 14230-4). */
const FUNCTIONAL_TARGETS: Record<KLineFamily, number> = { iso9141: 0x6a, kwp: 0x33 };

export function kLineFamily(protocol: string): KLineFamily {
	return protocol === '3' ? 'iso9141' : 'kwp';
}

/**
 * The ELM's key byte check (AT KW1): ISO 9141-2 wants 08 08 or 94 94 (§6.2), ISO 14230-4 KB2 = 8F with an
 * ISO 14230-4 KB1 (ISO 14230-2 §5.2.4.1).
 */
function keyBytesFit(protocol: string, keys: readonly [number, number]): boolean {
	try {
		const found = identifyKeyBytes(keys[0], keys[1]);
		return protocol === '3' ? found.protocol === 'iso9141-2' : found.protocol === 'iso14230';
	} catch (err) {
		if (err instanceof KLineKeyBytesError) return false;
		throw err;
	}
}

/** Bytes on the wire for a request under `header`: ISO 9141-2 `hdr×3 data cs`, KWP per its format byte. */
function requestLength(header: readonly number[], dataLength: number, family: KLineFamily): number {
	if (family === 'iso9141') return 3 + dataLength + 1;
	const addresses = header[0] >> 6 === 0 ? 0 : 2;
	const lengthByte = dataLength > KWP_MAX_INLINE_LENGTH ? 1 : 0;
	return 1 + addresses + lengthByte + dataLength + 1;
}

/** The ECU's answer message: `48 6B 10 …` on ISO 9141-2, `8n <tester> 10 …` (physical) on KWP. */
function responseMessage(family: KLineFamily, tester: number, data: Uint8Array): Uint8Array {
	if (family === 'iso9141') return encodeIso9141ObdResponse(KLINE_ECU_ADDRESS, data);
	return encodeKwpFrame({
		addressMode: 'physical',
		target: tester,
		source: KLINE_ECU_ADDRESS,
		data
	});
}

export type KLineInitOutcome = 'ok' | 'error' | 'stopped';

/**
 * Bus initiation for protocols 3, 4 (5-baud) and 5 (fast). Outside an automatic search the ELM reports it as
 * `BUS INIT: ` with a dot per third of a slow init, then `OK` or `ERROR`; during a search it prints nothing
 * (ELM327DSJ "Bus Initiation"). On STOPPED the caller finishes the line.
 */
export async function initKLine(
	ctx: KLineContext,
	protocol: string,
	searching: boolean
): Promise<KLineInitOutcome> {
	const slow = protocol !== '5';
	if (!searching) ctx.out('BUS INIT: ');
	if (slow) {
		for (let i = 0; i < 3; i++) {
			await ctx.sleep(ctx.timing.slowInitMs / 3);
			if (ctx.aborted()) return 'stopped';
			if (!searching) ctx.out('.');
		}
	} else {
		await ctx.sleep(ctx.timing.fastInitMs);
		if (ctx.aborted()) return 'stopped';
	}
	const keys = ctx.ecu.keyBytes(slow ? 'slow' : 'fast');
	const ok = keys !== null && (!ctx.settings.keywordCheck || keyBytesFit(protocol, keys));
	if (!searching) ctx.line(ok ? 'OK' : 'ERROR');
	return ok ? 'ok' : 'error';
}

/**
 * One request on an initialised K-line: the request message goes out, the ECU's answers come back one message
 * each (SAE J1979 non-CAN framing, at most 7 data bytes on ISO 9141-2) after P2, and are printed with header and
 * checksum under ATH1 (`48 6B 10 41 0C 1A F8 22`, `84 F1 10 41 0C 1A F8 E4`) or as bare data. The ELM then waits
 * ATST for more, unless the expected-response count is reached.
 */
export async function runKLineRequest(
	ctx: KLineContext,
	protocol: string,
	bytes: Uint8Array,
	expected: number | null
): Promise<ObdOutcome> {
	const s = ctx.settings;
	const family = kLineFamily(protocol);
	const header = s.kLineHeader ?? REQUEST_HEADERS[family];
	await ctx.sleep(requestLength(header, bytes.length, family) * BYTE_MS);
	const target = header[1];
	const addressed = target === KLINE_ECU_ADDRESS;
	const answers =
		addressed || target === FUNCTIONAL_TARGETS[family]
			? await ctx.ecu.exchange(ctx, bytes, addressed)
			: [];
	if (answers === 'stopped') return 'stopped';
	let printed = 0;
	for (const data of answers.flatMap(splitLegacyObdResponse)) {
		// ISO 9141-2 cannot carry more; such an answer (a long UDS one) never leaves the ECU.
		if (family === 'iso9141' && data.length > ISO9141_OBD_MAX_DATA) continue;
		const message = responseMessage(family, header[2], data);
		await ctx.sleep(ctx.timing.p2Ms + message.length * BYTE_MS);
		if (ctx.aborted()) return 'stopped';
		ctx.line(formatFrameLine(null, s.headers ? message : data, s.spaces));
		printed++;
		if (expected !== null && printed >= expected) return 'answered';
	}
	await ctx.sleep(s.timeout * 4);
	if (ctx.aborted()) return 'stopped';
	return printed > 0 ? 'answered' : 'silent';
}
