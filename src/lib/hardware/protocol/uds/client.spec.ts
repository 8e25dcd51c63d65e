import { afterEach, describe, expect, it, vi } from 'vitest';
import { hex } from './bytes';
import { UdsClient, type SeedToKey, type UdsClientOptions } from './client';
import { NegativeResponseError, UdsConfigError, UdsProtocolError, UdsTimeoutError } from './errors';
import { createTranscriptLink, type TranscriptLinkOptions } from './transcript-link';

function ecu(
	transcript: string,
	options: Omit<UdsClientOptions, 'link'> = {},
	linkOptions: TranscriptLinkOptions = {}
) {
	const link = createTranscriptLink(transcript, linkOptions);
	return { link, client: new UdsClient({ link, ...options }) };
}

const VIN = 'WVWZZZ1JZXW000001';
const vinHex = hex(new TextEncoder().encode(VIN));

afterEach(() => {
	vi.useRealTimers();
});

describe('UdsClient sessions and timing', () => {
	it('opens an extended session and adopts the P2/P2* the ECU reports plus the network delay', async () => {
		const { link, client } = ecu(`
			=> 10 03
			<= 50 03 00 32 01 F4
		`);
		await expect(client.diagnosticSessionControl(0x03)).resolves.toEqual({
			session: 0x03,
			p2Ms: 50,
			p2StarMs: 5000
		});
		expect(client.timing).toEqual({ p2Ms: 150, p2StarMs: 5100 });
		link.assertDone();
	});

	it('keeps its configured timing when useServerTiming is off', async () => {
		const { client } = ecu('=> 10 02\n<= 50 02 00 19 00 C8', { useServerTiming: false, p2Ms: 700 });
		await client.diagnosticSessionControl(0x02);
		expect(client.timing).toEqual({ p2Ms: 700, p2StarMs: 5000 });
	});

	it('rejects nonsensical timing options with a TypeError', () => {
		const link = createTranscriptLink('');
		expect(() => new UdsClient({ link, p2Ms: 0 })).toThrow(TypeError);
		expect(() => new UdsClient({ link: {} as never })).toThrow(TypeError);
	});
});

describe('UdsClient responsePending (NRC 0x78)', () => {
	it('keeps waiting with P2* across repeated responsePending and returns the final answer', async () => {
		vi.useFakeTimers();
		const { link, client } = ecu(`
			=> 31 01 FF 00
			<= 7F 31 78
			<= +4000ms 7F 31 78
			<= +4900ms 71 01 FF 00 00
		`);
		const result = client.routineControl({ controlType: 1, routineId: 0xff00 });
		await vi.advanceTimersByTimeAsync(8900);
		await expect(result).resolves.toEqual({
			controlType: 1,
			routineId: 0xff00,
			statusRecord: Uint8Array.of(0)
		});
		link.assertDone();
	});

	it('gives up with UdsTimeoutError exactly P2* after the last responsePending', async () => {
		vi.useFakeTimers();
		const { link, client } = ecu('=> 22 F1 90\n<= 7F 22 78\n<= +1000ms 7F 22 78', {
			p2StarMs: 5000
		});
		const result = client.readDataByIdentifier(0xf190);
		const settled = vi.fn();
		result.then(settled, settled);
		await vi.advanceTimersByTimeAsync(1000 + 4999);
		expect(settled).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		const error = await result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UdsTimeoutError);
		expect(error).toMatchObject({ sid: 0x22, timeoutMs: 5000, pendingResponses: 2 });
		link.assertDone();
	});

	it('stops an ECU that answers responsePending forever at requestTimeoutMs', async () => {
		vi.useFakeTimers();
		const pendings = Array.from({ length: 20 }, () => '<= +4000ms 7F 31 78').join('\n');
		const { client } = ecu(`=> 31 01 02 03\n<= 7F 31 78\n${pendings}`, {
			requestTimeoutMs: 30_000
		});
		const result = client.routineControl({ controlType: 1, routineId: 0x0203 });
		const caught = result.catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(await caught).toMatchObject({
			name: 'UdsTimeoutError',
			timeoutMs: 30_000,
			pendingResponses: 8
		});
	});

	it('fails with UdsConfigError when the link cannot receive a further response', async () => {
		const { client } = ecu('=> 11 01\n<= 7F 11 78', {}, { receive: false });
		await expect(client.ecuReset(1)).rejects.toBeInstanceOf(UdsConfigError);
	});
});

describe('UdsClient timeouts', () => {
	it('times out after P2 when the ECU never answers', async () => {
		vi.useFakeTimers();
		const { client } = ecu('=> 3E 00', { p2Ms: 250 });
		const caught = client.testerPresent().catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(250);
		expect(await caught).toMatchObject({ name: 'UdsTimeoutError', sid: 0x3e, timeoutMs: 250 });
	});

	it('does not hang on a link that never settles: it gives up after P2 plus the link grace', async () => {
		vi.useFakeTimers();
		const { client } = ecu('=> 3E 00', { p2Ms: 250, linkGraceMs: 100 }, { honourTimeouts: false });
		const settled = vi.fn();
		const caught = client.testerPresent().catch((e: unknown) => (settled(), e));
		await vi.advanceTimersByTimeAsync(349);
		expect(settled).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(await caught).toBeInstanceOf(UdsTimeoutError);
	});
});

describe('UdsClient negative and malformed responses', () => {
	it('turns 7F 22 31 into NegativeResponseError requestOutOfRange', async () => {
		const { link, client } = ecu('=> 22 F1 90\n<= 7F 22 31');
		const error = await client.readDataByIdentifier(0xf190).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NegativeResponseError);
		expect(error).toMatchObject({ sid: 0x22, nrc: 0x31, nrcName: 'requestOutOfRange' });
		link.assertDone();
	});

	it.each([
		['a positive response to another service', '=> 22 F1 90\n<= 6E F1 90'],
		['a negative response naming another service', '=> 22 F1 90\n<= 7F 2E 31'],
		['an empty response', '=> 22 F1 90\n<= '],
		['a truncated negative response', '=> 22 F1 90\n<= 7F 22'],
		['a response with the wrong DID', '=> 22 F1 90\n<= 62 F1 87 41'],
		['a response that stops inside the DID', '=> 22 F1 90\n<= 62 F1'],
		['a session response echoing another session', '=> 10 03\n<= 50 02 00 32 01 F4'],
		['a session response with a short parameter record', '=> 10 03\n<= 50 03 00 32']
	])('rejects %s with UdsProtocolError', async (_, transcript) => {
		const { client } = ecu(transcript);
		const call = transcript.startsWith('=> 10')
			? client.diagnosticSessionControl(3)
			: client.readDataByIdentifier(0xf190);
		await expect(call).rejects.toBeInstanceOf(UdsProtocolError);
	});
});

describe('UdsClient ReadDataByIdentifier', () => {
	it('reads a VIN without a configured length', async () => {
		const { link, client } = ecu(`=> 22 F1 90\n<= 62 F1 90 ${vinHex}`);
		const vin = await client.readDataByIdentifier(0xf190);
		expect(new TextDecoder().decode(vin)).toBe(VIN);
		link.assertDone();
	});

	it('splits several DIDs with the configured lengths', async () => {
		const { link, client } = ecu(
			`=> 22 F1 8C F1 86 F1 90\n<= 62 F1 8C 31 32 33 34 F1 86 03 F1 90 ${vinHex}`,
			{ didLengths: { 0xf18c: 4, 0xf186: 1 } }
		);
		const values = await client.readDataByIdentifier([0xf18c, 0xf186, 0xf190]);
		expect([...values.keys()]).toEqual([0xf18c, 0xf186, 0xf190]);
		expect(hex(values.get(0xf18c)!)).toBe('31 32 33 34');
		expect(hex(values.get(0xf186)!)).toBe('03');
		link.assertDone();
	});

	it('refuses to guess where a DID of unknown length ends', async () => {
		const { client } = ecu('=> 22 F1 8C F1 86\n<= 62 F1 8C 31 32 F1 86 03');
		await expect(client.readDataByIdentifier([0xf18c, 0xf186])).rejects.toBeInstanceOf(
			UdsConfigError
		);
	});
});

describe('UdsClient SecurityAccess', () => {
	const xorKey = (seed: Uint8Array) => seed.map((b) => b ^ 0x5a);

	it('sends the key computed from the seed by the pluggable function', async () => {
		const { link, client } = ecu(`
			=> 27 03
			<= 67 03 12 34 56 78
			=> 27 04 48 6E 0C 22
			<= 67 04
		`);
		const seedToKey = vi.fn<SeedToKey>(xorKey);
		await expect(client.securityAccess(0x03, seedToKey)).resolves.toEqual({
			alreadyUnlocked: false
		});
		expect(hex(seedToKey.mock.calls[0][0])).toBe('12 34 56 78');
		expect(seedToKey.mock.calls[0][1]).toBe(0x03);
		link.assertDone();
	});

	it('accepts an async seed-to-key function', async () => {
		const { link, client } = ecu('=> 27 01\n<= 67 01 AA\n=> 27 02 F0\n<= 67 02');
		await client.securityAccess(0x01, async (seed) => seed.map((b) => b ^ 0x5a));
		link.assertDone();
	});

	it('reports a rejected key as NegativeResponseError invalidKey', async () => {
		const { link, client } = ecu('=> 27 01\n<= 67 01 12 34\n=> 27 02 48 6E\n<= 7F 27 35');
		const error = await client.securityAccess(0x01, xorKey).catch((e: unknown) => e);
		expect(error).toMatchObject({
			name: 'NegativeResponseError',
			nrc: 0x35,
			nrcName: 'invalidKey'
		});
		link.assertDone();
	});

	it('skips sendKey when the ECU returns an all-zero seed (already unlocked)', async () => {
		const { link, client } = ecu('=> 27 01\n<= 67 01 00 00 00 00');
		const seedToKey = vi.fn(xorKey);
		await expect(client.securityAccess(0x01, seedToKey)).resolves.toEqual({
			alreadyUnlocked: true
		});
		expect(seedToKey).not.toHaveBeenCalled();
		link.assertDone();
	});

	it('rejects an even security level before sending anything', async () => {
		const { link, client } = ecu('');
		await expect(client.securityAccess(0x02, xorKey)).rejects.toBeInstanceOf(RangeError);
		link.assertDone();
	});
});

describe('UdsClient TesterPresent', () => {
	it('exchanges 3E 00 / 7E 00', async () => {
		const { link, client } = ecu('=> 3E 00\n<= 7E 00');
		await client.testerPresent();
		link.assertDone();
	});

	it('sends 3E 80 without waiting when the link can send', async () => {
		vi.useFakeTimers();
		const { link, client } = ecu('=> 3E 80');
		await client.testerPresent({ suppressPositiveResponse: true });
		expect(vi.getTimerCount()).toBe(0);
		link.assertDone();
	});

	it('over a request-only link, treats silence after 3E 80 as success but still reports an NRC', async () => {
		vi.useFakeTimers();
		const silent = ecu('=> 3E 80', { p2Ms: 100 }, { send: false });
		const done = silent.client.testerPresent({ suppressPositiveResponse: true });
		await vi.advanceTimersByTimeAsync(100);
		await expect(done).resolves.toBeUndefined();

		const refused = ecu('=> 3E 80\n<= 7F 3E 7F', {}, { send: false });
		const error = refused.client.testerPresent({ suppressPositiveResponse: true });
		await vi.advanceTimersByTimeAsync(0);
		await expect(error).rejects.toMatchObject({ nrcName: 'serviceNotSupportedInActiveSession' });
	});
});

describe('UdsClient serialisation', () => {
	it('runs concurrent calls one after another in call order', async () => {
		const { link, client } = ecu(`
			=> 22 F1 90
			<= +5ms 62 F1 90 41
			=> 3E 00
			<= 7E 00
		`);
		await Promise.all([client.readDataByIdentifier(0xf190), client.testerPresent()]);
		link.assertDone();
	});

	it('keeps working after a failed call', async () => {
		const { link, client } = ecu('=> 11 01\n<= 7F 11 22\n=> 11 01\n<= 51 01');
		await expect(client.ecuReset(1)).rejects.toBeInstanceOf(NegativeResponseError);
		await expect(client.ecuReset(1)).resolves.toEqual({ resetType: 1 });
		link.assertDone();
	});
});
