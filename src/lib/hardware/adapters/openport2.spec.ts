import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdapterDisconnectedError, AdapterTimeoutError, MalformedTransferError } from '../errors';
import { J2534Error } from '../protocol/openport';
import { OpenPort2, type ChannelMessage, type OpenPort2Warning } from './openport2';
import { ScriptedOpenPort, bytes } from './openport2-scripted-device.test-helper';

const ATI = '\r\n\r\nati\r\n';
const ARI = 'ari main code version : 1.17.4877\r\n';

/** A scripted device that completes PassThruOpen. */
function scripted(options: ConstructorParameters<typeof ScriptedOpenPort>[0] = {}) {
	return new ScriptedOpenPort(options).on(ATI, ARI).on('ata\r\n', 'aro\r\n');
}

async function opened(device = scripted(), warnings: OpenPort2Warning[] = []) {
	const op = new OpenPort2({ device, onWarning: (w) => warnings.push(w) });
	await op.open();
	return { op, device, warnings };
}

/** Lets the RX loop take every chunk the scripted device has queued. */
const settle = () => new Promise((r) => setTimeout(r, 0));

// ar5, len 13, RX, ts 00000064, id 00000123, data 11 22 33 44
const CAN_123 = bytes('ar5', [13, 0x00, 0, 0, 0, 0x64, 0, 0, 1, 0x23, 0x11, 0x22, 0x33, 0x44]);

afterEach(() => {
	vi.useRealTimers();
});

describe('OpenPort2 (hand-written transcripts)', () => {
	it('opens with two CR LF, ati and ata, and keeps the firmware string', async () => {
		const { op, device } = await opened();
		expect(device.written.map((w) => String.fromCharCode(...w))).toEqual([ATI, 'ata\r\n']);
		expect(device.unexpected).toEqual([]);
		expect(op.state).toBe('open');
		expect(op.firmwareVersion).toBe('main code version : 1.17.4877');
	});

	it('finds the vendor bulk pair in the descriptors and skips the SD card interface', async () => {
		const endpoint = (endpointNumber: number, direction: string) => ({
			endpointNumber,
			direction,
			type: 'bulk'
		});
		const configuration = {
			interfaces: [
				{
					interfaceNumber: 1,
					alternate: { interfaceClass: 0x08, endpoints: [endpoint(5, 'in'), endpoint(6, 'out')] }
				},
				{
					interfaceNumber: 2,
					alternate: { interfaceClass: 0xff, endpoints: [endpoint(3, 'in'), endpoint(4, 'out')] }
				}
			]
		};
		const { op, device } = await opened(scripted({ configuration }));
		expect(op.endpoints).toEqual({ interfaceNumber: 2, inEndpoint: 3, outEndpoint: 4 });
		expect(device.claimed).toEqual([2]);
		expect(new Set(device.inEndpoints)).toEqual(new Set([3]));
		expect(new Set(device.outEndpoints)).toEqual(new Set([4]));
	});

	it('uses interface 0, IN 1, OUT 2 without descriptors, and explicit endpoints over both', async () => {
		const { op } = await opened();
		expect(op.endpoints).toEqual({ interfaceNumber: 0, inEndpoint: 1, outEndpoint: 2 });
		const device = scripted();
		const custom = new OpenPort2({ device, endpoints: { inEndpoint: 7 } });
		await custom.open();
		expect(custom.endpoints).toEqual({ interfaceNumber: 0, inEndpoint: 7, outEndpoint: 2 });
		expect(device.inEndpoints[0]).toBe(7);
	});

	it('times out a control reply after 2000 ms with AdapterTimeoutError', async () => {
		vi.useFakeTimers();
		const device = new ScriptedOpenPort().on(ATI);
		const op = new OpenPort2({ device });
		const opening = op.open();
		const outcome = opening.then(
			() => 'opened',
			(e: unknown) => e
		);
		await vi.advanceTimersByTimeAsync(1999);
		expect(op.state).toBe('opening');
		await vi.advanceTimersByTimeAsync(1);
		const err = await outcome;
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		expect((err as Error).message).toBe('no reply to "ati" within 2000 ms');
		expect(op.state).toBe('closed');
	});

	it('turns `are <n>` into a J2534Error carrying the J2534-1 name', async () => {
		const device = scripted().on('ato9 0 500000 0\r\n', 'are 3\r\n');
		const { op } = await opened(device);
		const err = await op.acquireChannel(9, 0, 500000).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(J2534Error);
		expect(err).toMatchObject({
			code: 3,
			codeName: 'ERR_INVALID_PROTOCOL_ID',
			request: 'ato9 0 500000 0'
		});
	});

	it('reads packets concatenated with aro and split across reads', async () => {
		const device = scripted().on(
			'ato5 2048 500000 0\r\n',
			bytes('aro\r\n', CAN_123.subarray(0, 6)),
			bytes(CAN_123.subarray(6), CAN_123, 'ar5', [13]),
			bytes([0x00, 0, 0, 0, 0x65, 0, 0, 1, 0x24, 1, 2, 3, 4])
		);
		const { op } = await opened(device);
		const messages: ChannelMessage[] = [];
		op.listen(5, { message: (m) => messages.push(m) });
		await op.acquireChannel(5, 0x800, 500000);
		await settle();
		expect(messages.map((m) => [...m.data])).toEqual([
			[0, 0, 1, 0x23, 0x11, 0x22, 0x33, 0x44],
			[0, 0, 1, 0x23, 0x11, 0x22, 0x33, 0x44],
			[0, 0, 1, 0x24, 1, 2, 3, 4]
		]);
		expect(messages.map((m) => m.timestampUs)).toEqual([100, 100, 101]);
	});

	it('reports a malformed length and an unknown type, and keeps the stream in step', async () => {
		const device = scripted().on('ato5 2048 500000 0\r\n', 'aro\r\n');
		const { op, warnings } = await opened(device);
		const messages: ChannelMessage[] = [];
		op.listen(5, { message: (m) => messages.push(m) });
		await op.acquireChannel(5, 0x800, 500000);
		device.feed(bytes('ar5', [2, 0x00, 0xaa]), bytes('ar5', [6, 0x77, 0, 0, 0, 1, 9], CAN_123));
		await settle();
		expect(messages).toHaveLength(1);
		expect(op.stats).toMatchObject({ malformed: 1, unknownPackets: 1 });
		expect(warnings[0]).toMatchObject({ kind: 'malformed' });
		const error = (warnings[0] as { error: MalformedTransferError }).error;
		expect(error).toBeInstanceOf(MalformedTransferError);
		expect(error.message).toBe('packet length 2 cannot hold its timestamp: 61 72 35 02 00 aa');
		expect(warnings[1]).toEqual({ kind: 'unknown-packet', channel: 5, type: 0x77 });
	});

	it('reports replies and packets nobody waits for', async () => {
		const { op, device, warnings } = await opened();
		device.feed('aro\r\n', bytes('ar6', [9, 0x10, 0, 0, 0, 1, 0, 0, 7, 0xe0]), CAN_123);
		await settle();
		expect(warnings.map((w) => w.kind)).toEqual(['stray-reply', 'stray-reply', 'foreign-channel']);
		expect(op.stats.strayReplies).toBe(2);
	});

	it('resolves a write on its TX-done indication', async () => {
		const msg = Uint8Array.of(0, 0, 7, 0xdf, 2, 1, 0x0c);
		const device = scripted()
			.on('ato5 2048 500000 0\r\n', 'aro\r\n')
			.on(bytes('att5 7 0\r\n', msg), bytes('ar5', [9, 0x10, 0, 0, 0, 2, 0, 0, 7, 0xdf]));
		const { op } = await opened(device);
		await op.acquireChannel(5, 0x800, 500000);
		await expect(op.write(5, msg, 0)).resolves.toBeUndefined();
		expect(device.unexpected).toEqual([]);
	});

	it('rejects a write whose TX-done never comes, and reports the late one as stray', async () => {
		vi.useFakeTimers();
		const msg = Uint8Array.of(0, 0, 7, 0xdf, 2, 1, 0x0c);
		const device = scripted().on('ato5 2048 500000 0\r\n', 'aro\r\n');
		const warnings: OpenPort2Warning[] = [];
		const op = new OpenPort2({ device, txTimeoutMs: 300, onWarning: (w) => warnings.push(w) });
		await op.open();
		await op.acquireChannel(5, 0x800, 500000);
		const write = op.write(5, msg, 0).catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(300);
		const err = await write;
		expect(err).toBeInstanceOf(AdapterTimeoutError);
		expect((err as Error).message).toBe('no TX-done indication for "att5 7 0" within 300 ms');
		device.feed(bytes('ar5', [9, 0x10, 0, 0, 0, 2, 0, 0, 7, 0xdf]));
		await vi.advanceTimersByTimeAsync(0);
		expect(warnings.map((w) => w.kind)).toEqual(['stray-reply']);
	});

	it('reads the battery voltage from arr 16 in volts', async () => {
		const { op } = await opened(scripted().on('atr 16\r\n', 'arr 16 12643\r\n'));
		expect(await op.readBatteryVoltage()).toBe(12.643);
	});

	it('gets and sets config parameters', async () => {
		const device = scripted()
			.on('ato6 2048 500000 0\r\n', 'aro\r\n')
			.on('ats6 30 8\r\n', 'aro\r\n')
			.on('atg6 30\r\n', 'arg6 30 8\r\n');
		const { op } = await opened(device);
		await op.acquireChannel(6, 0x800, 500000);
		await op.setConfig(6, 30, 8);
		expect(await op.getConfig(6, 30)).toBe(8);
	});

	it('fails a pending command promptly with AdapterDisconnectedError when unplugged', async () => {
		const device = scripted().on('atr 16\r\n');
		const { op } = await opened(device);
		const closed: unknown[] = [];
		op.listen(5, { closed: (reason) => closed.push(reason) });
		const pending = op.readBatteryVoltage().catch((e: unknown) => e);
		await settle();
		device.unplug();
		const err = await pending;
		expect(err).toBeInstanceOf(AdapterDisconnectedError);
		expect(closed).toHaveLength(1);
		expect(closed[0]).toBe(err);
		expect(op.state).toBe('closed');
		await expect(op.readBatteryVoltage()).rejects.toBe(err);
	});

	it('sends periodic messages from a driver timer until stopped', async () => {
		vi.useFakeTimers();
		const msg = Uint8Array.of(0, 0, 7, 0xe0, 2, 0x3e, 0x80);
		const txDone = bytes('ar6', [9, 0x10, 0, 0, 0, 2, 0, 0, 7, 0xe0]);
		const att = bytes('att6 7 64\r\n', msg);
		const device = scripted().on('ato6 2048 500000 0\r\n', 'aro\r\n');
		for (let i = 0; i < 3; i++) device.on(att, txDone);
		const op = new OpenPort2({ device });
		await op.open();
		await op.acquireChannel(6, 0x800, 500000);
		const id = op.startPeriodicMessage(6, msg, 0x40, 100);
		await vi.advanceTimersByTimeAsync(250);
		expect(device.remaining).toBe(0);
		op.stopPeriodicMessage(id);
		await vi.advanceTimersByTimeAsync(1000);
		expect(device.written.filter((w) => w[2] === 0x74)).toHaveLength(3);
		expect(device.unexpected).toEqual([]);
	});

	it('refuses periodic intervals and counts J2534-1 does not allow', async () => {
		const device = scripted().on('ato5 2048 500000 0\r\n', 'aro\r\n');
		const { op } = await opened(device);
		await op.acquireChannel(5, 0x800, 500000);
		const msg = Uint8Array.of(0, 0, 1, 0);
		expect(() => op.startPeriodicMessage(5, msg, 0, 4)).toThrow(
			expect.objectContaining({ codeName: 'ERR_INVALID_TIME_INTERVAL' })
		);
		expect(() => op.stopPeriodicMessage(42)).toThrow(
			expect.objectContaining({ codeName: 'ERR_INVALID_MSG_ID' })
		);
		const ids = Array.from({ length: 10 }, () => op.startPeriodicMessage(5, msg, 0, 60000));
		expect(() => op.startPeriodicMessage(5, msg, 0, 60000)).toThrow(
			expect.objectContaining({ codeName: 'ERR_EXCEEDED_LIMIT' })
		);
		for (const id of ids) op.stopPeriodicMessage(id);
	});

	it('closes with atz and tells listeners', async () => {
		const { op, device } = await opened();
		const closed: unknown[] = [];
		op.listen(6, { closed: (reason) => closed.push(reason) });
		await op.close();
		expect(String.fromCharCode(...device.written.at(-1)!)).toBe('atz\r\n');
		expect(closed).toEqual([null]);
		expect(op.state).toBe('closed');
	});
});
