import { protocolFamily } from '../protocol/elm327/protocols';
import { runCanRequest, type ObdOutcome } from './elm327-device-obd';
import { initKLine, runKLineRequest, type KLineContext } from './elm327-device-kline';

/**
 * The automatic search order after ATSP0: CAN first, then the K-line protocols. The ELM327 datasheet does not
 * publish its order; this one is ours (CAN 11/500 first finds most cars fastest), and J1850 is left out because
 * the emulated car has no J1850 wiring.
 */
export const SEARCH_ORDER = ['6', '7', '3', '4', '5'] as const;

type Attempt = ObdOutcome | 'can-error' | 'init-error';

/**
 * One protocol for one request: a CAN request on the car's bus, or a K-line init (when not yet connected) and
 * request. A car reachable only on the K-line leaves the CAN pins unterminated, so nothing acknowledges the
 * request frame: CAN ERROR (ELM327DSJ p. 88).
 */
async function attempt(
	ctx: KLineContext,
	protocol: string,
	bytes: Uint8Array,
	expected: number | null,
	searching: boolean
): Promise<Attempt> {
	const family = protocolFamily(protocol);
	if (family === 'can') {
		if (ctx.ecu.carBus !== 'can') {
			await ctx.sleep(ctx.settings.timeout * 4);
			return ctx.aborted() ? 'stopped' : 'can-error';
		}
		return runCanRequest(ctx, protocol, bytes, expected);
	}
	if (family === 'iso9141' || family === 'kwp') {
		if (ctx.settings.connected !== protocol) {
			const init = await initKLine(ctx, protocol, searching);
			if (init === 'stopped') return 'stopped';
			if (init === 'error') return 'init-error';
			ctx.settings.connected = protocol;
		}
		return runKLineRequest(ctx, protocol, bytes, expected);
	}
	// J1850: no such wiring on the emulated car, so the request goes unanswered.
	await ctx.sleep(ctx.settings.timeout * 4);
	return ctx.aborted() ? 'stopped' : 'silent';
}

/**
 * Runs an OBD request the ELM way and returns the status line to end the reply with, or null when the answer
 * lines were all (the prompt follows). A fixed protocol reports its own failure (NO DATA, CAN ERROR, BUS INIT
 * ERROR); the automatic search prints `SEARCHING...`, tries each protocol silently and settles on the first
 * that answers, or says UNABLE TO CONNECT.
 */
export async function runRequest(
	ctx: KLineContext,
	bytes: Uint8Array,
	expected: number | null
): Promise<string | null> {
	const s = ctx.settings;
	if (s.connected !== null || !s.auto) {
		const protocol = s.connected ?? s.protocol;
		const outcome = await attempt(ctx, protocol, bytes, expected, false);
		switch (outcome) {
			case 'stopped':
				return 'STOPPED';
			case 'silent':
				return 'NO DATA';
			case 'can-error':
				return 'CAN ERROR';
			case 'init-error':
				// `BUS INIT: ...ERROR` is already on the line.
				return null;
			case 'answered':
				s.connected = protocol;
				return null;
		}
	}
	ctx.line('SEARCHING...');
	const order = s.protocol === '0' ? SEARCH_ORDER : [s.protocol, ...SEARCH_ORDER];
	for (const protocol of new Set<string>(order)) {
		const outcome = await attempt(ctx, protocol, bytes, expected, true);
		if (outcome === 'stopped') return 'STOPPED';
		if (outcome === 'answered') {
			s.connected = protocol;
			return null;
		}
		// A K-line ECU that initialised but does not support this request still settles the search.
		if (outcome === 'silent' && s.connected === protocol) return 'NO DATA';
	}
	return 'UNABLE TO CONNECT';
}
