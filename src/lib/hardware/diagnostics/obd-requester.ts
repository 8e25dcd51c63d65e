/**
 * What the OBD-II services (SAE J1979) need from a link: send one request's service bytes, get every ECU's answer.
 * An ELM327/STN (`Elm327Adapter.query`) satisfies it structurally, since the ELM does ISO-TP and the K-line itself;
 * an ISO-TP requester over any CAN adapter (gs_usb, SLCAN, panda, OpenPort) gives the same shape.
 */
export interface ObdAnswer {
	/** Response id (0x7E8 for the engine ECU on ISO 15765-4), or null when the link hides headers. */
	header: number | null;
	data: Uint8Array;
}

export type ObdQueryResult = { kind: 'ok'; responses: ObdAnswer[] } | { kind: 'no-data' };

export interface ObdRequester {
	query(
		serviceBytes: Uint8Array,
		options?: { expectedResponses?: number; timeoutMs?: number }
	): Promise<ObdQueryResult>;
}
