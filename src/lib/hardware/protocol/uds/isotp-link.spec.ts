import { describe, expect, it } from 'vitest';
import { IsoTpTimeoutError, type IsoTpLink } from '../isotp';
import { UdsTimeoutError } from './errors';
import { UdsClient } from './client';
import { createIsoTpUdsLink } from './isotp-link';
import { UdsLinkTimeoutError } from './link';

type Fake = Pick<IsoTpLink, 'request' | 'receive' | 'send'>;

function failing(error: Error): Fake {
	return {
		request: () => Promise.reject(error),
		receive: () => Promise.reject(error),
		send: () => Promise.resolve()
	};
}

describe('createIsoTpUdsLink', () => {
	it('reports a response timeout as UdsLinkTimeoutError with the ISO-TP error as cause', async () => {
		const cause = new IsoTpTimeoutError('response', 50_000);
		const link = createIsoTpUdsLink(failing(cause));
		const error = await link.request(Uint8Array.of(0x3e, 0), { timeoutMs: 50 }).catch((e) => e);
		expect(error).toBeInstanceOf(UdsLinkTimeoutError);
		expect(error.cause).toBe(cause);
		await expect(link.receive!({ timeoutMs: 50 })).rejects.toBeInstanceOf(UdsLinkTimeoutError);
	});

	it('passes an N_Cr timeout mid-message through as a transport failure', async () => {
		const cause = new IsoTpTimeoutError('N_Cr', 1_000_000);
		const link = createIsoTpUdsLink(failing(cause));
		await expect(link.request(Uint8Array.of(0x22, 0xf1, 0x90), { timeoutMs: 50 })).rejects.toBe(
			cause
		);
	});

	it('hands the P2 timeout to the ISO-TP link and sends suppressed requests without waiting', async () => {
		const calls: string[] = [];
		const link = createIsoTpUdsLink({
			request: async (payload, options) => {
				calls.push(`request ${payload.length} ${options?.timeoutMs}`);
				return Uint8Array.of(0x7e, 0x00);
			},
			receive: () => Promise.reject(new Error('unused')),
			send: async (payload) => {
				calls.push(`send ${payload.length}`);
			}
		});
		const client = new UdsClient({ link, p2Ms: 75 });
		await client.testerPresent();
		await client.testerPresent({ suppressPositiveResponse: true });
		expect(calls).toEqual(['request 2 75', 'send 2']);
	});

	it('lets the client report silence as UdsTimeoutError', async () => {
		const link = createIsoTpUdsLink(failing(new IsoTpTimeoutError('response', 20_000)));
		await expect(new UdsClient({ link, p2Ms: 20 }).testerPresent()).rejects.toBeInstanceOf(
			UdsTimeoutError
		);
	});
});
