import { KLineFrameError, KLineNegativeResponseError } from './errors';
import { identifyKeyBytes, type KLineKeyBytes } from './key-bytes';
import { KwpObdAddress, encodeKwpFrame, type KwpFrame } from './kwp-frame';

/** ISO 14230-2 §6 communication services and ISO 14230-3 tester present. */
export const KwpService = {
	startCommunication: 0x81,
	stopCommunication: 0x82,
	testerPresent: 0x3e
} as const;

export const KWP_POSITIVE_RESPONSE_OFFSET = 0x40;
export const KWP_NEGATIVE_RESPONSE_SID = 0x7f;

export interface KwpAddressing {
	/** @default 'functional' (ISO 14230-4 OBD) */
	mode?: 'functional' | 'physical';
	/** @default 0x33 functional, 0x10 physical */
	target?: number;
	/** @default 0xF1, the external test equipment */
	source?: number;
}

/** The header fields for one addressing choice, with ISO 14230-4 defaults. */
export function kwpHeader(addressing: KwpAddressing = {}): Omit<KwpFrame, 'data'> {
	const mode = addressing.mode ?? 'functional';
	const target =
		addressing.target ?? (mode === 'functional' ? KwpObdAddress.functional : KwpObdAddress.engine);
	return { addressMode: mode, target, source: addressing.source ?? KwpObdAddress.tester };
}

/** StartCommunication request after the fast-init wake-up: `C1 33 F1 81 66` functionally (ISO 14230-4). */
export function encodeStartCommunication(addressing: KwpAddressing = {}): Uint8Array {
	return encodeKwpFrame({
		...kwpHeader(addressing),
		data: Uint8Array.of(KwpService.startCommunication)
	});
}

/** StartCommunication positive response `C1 KB1 KB2` → the key bytes; `7F 81 nrc` → KLineNegativeResponseError. */
export function decodeStartCommunicationResponse(frame: KwpFrame): KLineKeyBytes {
	const d = frame.data;
	if (d[0] === KWP_NEGATIVE_RESPONSE_SID && d.length >= 3) {
		throw new KLineNegativeResponseError(d[1], d[2]);
	}
	if (d[0] !== KwpService.startCommunication + KWP_POSITIVE_RESPONSE_OFFSET || d.length !== 3) {
		throw new KLineFrameError('not a StartCommunication positive response (C1 KB1 KB2)', d);
	}
	return identifyKeyBytes(d[1], d[2]);
}
