import { IsoTpLink, IsoTpTimeoutError, type CanFramePort } from '../protocol/isotp';
import type { ObdQueryResult, ObdRequester } from './obd-requester';

export interface IsoTpObdRequesterOptions {
	port: CanFramePort;
	/** Physical request id. @default 0x7E0 (engine ECU, ISO 15765-4 §6.3.2) */
	txId?: number;
	/** Its response id. @default 0x7E8 */
	rxId?: number;
	/** P2 for OBD (SAE J1979 / ISO 15765-4: 50 ms, we allow margin for busy buses). @default 150 */
	timeoutMs?: number;
}

const NEGATIVE = 0x7f;
/** ISO 14229-1 / ISO 15765-4: "request correctly received, response pending"; the ECU answers later. */
const RESPONSE_PENDING = 0x78;
/** ISO 15765-4 P2*max for a pending response: 5000 ms. */
const PENDING_TIMEOUT_MS = 5000;

/**
 * OBD-II over ISO-TP on a raw CAN adapter (gs_usb, SLCAN, panda, OpenPort), physically addressed to one ECU. A
 * functional request (0x7DF) would need a receiver per answering ECU; the engine ECU answers every mandatory PID, so
 * diagnostics address it directly. Silence within P2 is reported like an ELM's NO DATA.
 */
export function createIsoTpObdRequester(options: IsoTpObdRequesterOptions): ObdRequester & {
	close(): void;
} {
	const txId = options.txId ?? 0x7e0;
	const rxId = options.rxId ?? 0x7e8;
	const timeoutMs = options.timeoutMs ?? 150;
	const link = new IsoTpLink({ port: options.port, txId, rxId });
	return {
		async query(serviceBytes): Promise<ObdQueryResult> {
			let data: Uint8Array;
			try {
				data = await link.request(serviceBytes, { timeoutMs });
				while (data.length >= 3 && data[0] === NEGATIVE && data[2] === RESPONSE_PENDING)
					data = await link.receive({ timeoutMs: PENDING_TIMEOUT_MS });
			} catch (err) {
				if (err instanceof IsoTpTimeoutError) return { kind: 'no-data' };
				throw err;
			}
			return { kind: 'ok', responses: [{ header: rxId, data }] };
		},
		close: () => link.close()
	};
}
