import { UdsError } from './errors';

/**
 * What the UDS client needs from the layer below: an ISO-TP channel over a CAN adapter, an ELM327 in CAN mode,
 * a DoIP socket, or the scripted fake in transcript-link.ts. Payloads are whole UDS messages (SID first); the
 * link does the segmentation. The client never overlaps calls, so a link need not queue.
 */
export interface UdsLink {
	/**
	 * Send one request and resolve with the next complete response payload. `timeoutMs` is the client's P2 (or P2*):
	 * the longest wait for the response to start (ISO 14229-2 measures P2 to the first frame, so a link that has
	 * begun reassembling a multi-frame response should finish it under its own ISO-TP timers). With no response in
	 * time, reject with {@link UdsLinkTimeoutError}; any other rejection is passed through as a transport failure.
	 */
	request(payload: Uint8Array, options: { timeoutMs: number }): Promise<Uint8Array>;
	/**
	 * Wait for a further response to the same request, after `7F sid 78` responsePending. Same timeout contract as
	 * `request`. A link without it cannot serve ECUs that answer slowly (erase, checksum routines).
	 */
	receive?(options: { timeoutMs: number }): Promise<Uint8Array>;
	/**
	 * Send without waiting, for requests with suppressPosRspMsgIndicationBit set. Without it the client uses
	 * `request` and waits P2 for a negative response, which ECUs still send when the bit is set
	 * (ISO 14229-1 suppressPosRspMsgIndicationBit rules).
	 */
	send?(payload: Uint8Array): Promise<void>;
}

/** Thrown by a link when nothing arrived within the `timeoutMs` it was given; the client reports UdsTimeoutError. */
export class UdsLinkTimeoutError extends UdsError {
	override name = 'UdsLinkTimeoutError';
}
