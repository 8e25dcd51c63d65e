import { IsoTpTimeoutError, type IsoTpLink } from '../isotp';
import { UdsLinkTimeoutError, type UdsLink } from './link';

/**
 * UDS over one ISO-TP connection (ISO 14229-3 UDSonCAN). Only the link's own `response` wait maps to
 * UdsLinkTimeoutError, so the client reports P2/P2* silence as UdsTimeoutError; N_Bs, N_Cr and N_As are ISO-TP
 * failures mid-message and pass through unchanged as transport errors.
 */
export function createIsoTpUdsLink(link: Pick<IsoTpLink, 'request' | 'receive' | 'send'>): UdsLink {
	return {
		request: (payload, { timeoutMs }) => mapTimeout(link.request(payload, { timeoutMs })),
		receive: ({ timeoutMs }) => mapTimeout(link.receive({ timeoutMs })),
		send: (payload) => link.send(payload)
	};
}

function mapTimeout(pending: Promise<Uint8Array>): Promise<Uint8Array> {
	return pending.catch((error: unknown) => {
		if (error instanceof IsoTpTimeoutError && error.timer === 'response') {
			throw new UdsLinkTimeoutError(error.message, { cause: error });
		}
		throw error;
	});
}
