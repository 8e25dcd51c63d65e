import { hex } from './bytes';
import { UdsConfigError, UdsTimeoutError } from './errors';
import { UdsLinkTimeoutError, type UdsLink } from './link';
import { Nrc } from './nrc';
import { parseNegativeResponse } from './response';

export interface ExchangeTiming {
	p2Ms: number;
	p2StarMs: number;
	/** Hard cap on one request, all responsePending extensions included. */
	requestTimeoutMs: number;
	/** Extra time the client grants a link to honour `timeoutMs` itself before giving up on it. */
	linkGraceMs: number;
}

const TIMED_OUT = Symbol('timedOut');
const OVERALL_TIMED_OUT = Symbol('overallTimedOut');

function timer<T extends symbol>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
	let handle: ReturnType<typeof setTimeout> | undefined;
	const promise = new Promise<T>((resolve) => {
		handle = setTimeout(() => resolve(value), ms);
	});
	return { promise, cancel: () => clearTimeout(handle) };
}

function isResponsePending(response: Uint8Array, sid: number): boolean {
	const negative = parseNegativeResponse(response);
	return negative?.sid === sid && negative.nrc === Nrc.requestCorrectlyReceivedResponsePending;
}

/**
 * One request/response round (ISO 14229-2 client timing): wait P2 for the first answer; every `7F sid 78` restarts
 * the wait with P2*; stop with UdsTimeoutError when a wait runs out or `requestTimeoutMs` passes. Returns the final
 * response unchecked, or undefined when `suppressed` and the ECU stayed silent, which is the expected outcome.
 */
export async function exchange(
	link: UdsLink,
	payload: Uint8Array,
	timing: ExchangeTiming,
	suppressed: boolean
): Promise<Uint8Array | undefined> {
	const sid = payload[0];
	if (suppressed && link.send) {
		await link.send(payload);
		return undefined;
	}
	const overall = timer(timing.requestTimeoutMs, OVERALL_TIMED_OUT);
	let pending = 0;
	try {
		let timeoutMs = timing.p2Ms;
		for (;;) {
			const attempt =
				pending === 0 ? link.request(payload, { timeoutMs }) : receiveFrom(link, timeoutMs);
			const guard = timer(timeoutMs + timing.linkGraceMs, TIMED_OUT);
			let response: Uint8Array | typeof TIMED_OUT | typeof OVERALL_TIMED_OUT;
			try {
				response = await Promise.race([attempt, guard.promise, overall.promise]);
			} catch (err) {
				if (!(err instanceof UdsLinkTimeoutError)) throw err;
				if (suppressed && pending === 0) return undefined;
				throw new UdsTimeoutError(sid, timeoutMs, pending, { cause: err });
			} finally {
				guard.cancel();
			}
			if (typeof response === 'symbol') {
				// A late settle of the abandoned attempt must not surface as an unhandled rejection.
				attempt.catch(() => {});
				if (response === OVERALL_TIMED_OUT) {
					throw new UdsTimeoutError(sid, timing.requestTimeoutMs, pending, {
						message: `no final response to service ${hex([sid])} within requestTimeoutMs ${timing.requestTimeoutMs} ms (${pending} responsePending)`
					});
				}
				if (suppressed && pending === 0) return undefined;
				throw new UdsTimeoutError(sid, timeoutMs, pending);
			}
			if (!isResponsePending(response, sid)) return response;
			pending++;
			timeoutMs = timing.p2StarMs;
		}
	} finally {
		overall.cancel();
	}
}

function receiveFrom(link: UdsLink, timeoutMs: number): Promise<Uint8Array> {
	if (!link.receive) {
		return Promise.reject(
			new UdsConfigError('the ECU answered responsePending but the link has no receive()')
		);
	}
	return link.receive({ timeoutMs });
}
