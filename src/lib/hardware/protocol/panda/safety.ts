import { PandaSafetyMode } from './requests';

/** What a safety tx hook looks at. */
export interface SafetyTxCandidate {
	id: number;
	data: Uint8Array;
}

/** GM's camera uses this non-standard diagnostic id (elm327.h GM_CAMERA_DIAG_ADDR). */
const GM_CAMERA_DIAG_ADDR = 0x24b;

/**
 * opendbc safety/modes/elm327.h elm327_tx_hook: only 8-byte ISO 15765-4 frames to the OBD/UDS ids leave the
 * panda — 29-bit 0x18DB33F1 (functional) and 0x18DAxxF1 (physical, tester F1), 11-bit 0x600–0x7FF, and GM's
 * 0x24B with an ISO-TP frame type of at most flow control (PCI nibble ≤ 3).
 */
export function elm327TxAllowed(frame: SafetyTxCandidate): boolean {
	const { id, data } = frame;
	if (data.length !== 8) return false;
	const idOk =
		id === 0x18db33f1 ||
		(id & 0x1fff00ff) === 0x18da00f1 ||
		(id & 0x1fffff00) === 0x600 ||
		(id & 0x1fffff00) === 0x700 ||
		id === GM_CAMERA_DIAG_ADDR;
	if (!idOk) return false;
	return id !== GM_CAMERA_DIAG_ADDR || (data[0] & 0xf0) <= 0x30;
}

export const ELM327_TX_RULE =
	'elm327 safety sends only 8-byte ISO 15765-4 frames to 0x600–0x7FF, 0x18DB33F1, 0x18DAxxF1 or GM 0x24B';

/**
 * The tx hook of the modes this code models: silent and noOutput never transmit (nooutput_tx_hook), elm327
 * as above, allOutput everything. Undefined for car modes, whose hooks depend on the car's own messages.
 */
export function safetyTxAllowed(mode: number, frame: SafetyTxCandidate): boolean | undefined {
	switch (mode) {
		case PandaSafetyMode.silent:
		case PandaSafetyMode.noOutput:
			return false;
		case PandaSafetyMode.elm327:
			return elm327TxAllowed(frame);
		case PandaSafetyMode.allOutput:
			return true;
		default:
			return undefined;
	}
}
