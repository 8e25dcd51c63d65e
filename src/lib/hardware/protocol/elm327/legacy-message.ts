import { MalformedTransferError } from '../../errors';
import { KLineError, decodeIso9141ObdResponse, decodeKwpFrame } from '../kline';
import { ELM_ADAPTER } from './hex-line';

/** A non-CAN OBD message as the ELM shows it with ATH1: header bytes, data, then the check byte. */
export interface LegacyMessage {
	/** Sender address: the ECU (0x10 for the engine). Null when the header has none (KWP format-only). */
	source: number | null;
	data: Uint8Array;
}

export type LegacyFamily = 'iso9141' | 'kwp' | 'j1850';

function malformed(bytes: Uint8Array, why: string): MalformedTransferError {
	const text = [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
	return new MalformedTransferError(`J1850 message ${text}: ${why}`, ELM_ADAPTER);
}

/**
 * Parses one message shown with headers (ATH1), through the K-line codecs in protocol/kline: ISO 9141-2 OBD
 * answers `48 6B <ECU> data… checksum`, KWP an ISO 14230-2 format byte with optional addresses and length.
 * Length and checksum are verified. SAE J1850 shares the 3-byte header but ends in a CRC that is not checked
 * here: the ELM checks it itself and marks a bad one with `<DATA ERROR` (ELM327DSJ p. 88).
 */
export function parseLegacyMessage(bytes: Uint8Array, family: LegacyFamily): LegacyMessage {
	if (family === 'j1850') {
		if (bytes.length < 5) throw malformed(bytes, 'a 3-byte header, data and a CRC need 5 bytes');
		return { source: bytes[2], data: bytes.slice(3, -1) };
	}
	try {
		if (family === 'iso9141') return decodeIso9141ObdResponse(bytes);
		const frame = decodeKwpFrame(bytes);
		return { source: frame.source ?? null, data: frame.data };
	} catch (err) {
		if (err instanceof KLineError) {
			throw new MalformedTransferError(err.message, ELM_ADAPTER, { cause: err });
		}
		throw err;
	}
}
