import { describe, expect, it } from 'vitest';
import { IsoTpError, IsoTpOverflowError, IsoTpSequenceError, IsoTpTimeoutError } from './errors';
import { IsoTpLink, type IsoTpLinkOptions } from './link';
import { TranscriptPort } from './transcript-port.test-helper';
import { VIN_RESPONSE, hex } from './vectors.test-helper';

function link(port: TranscriptPort, options: Partial<IsoTpLinkOptions> = {}): IsoTpLink {
	return new IsoTpLink({ port, txId: 0x7e0, rxId: 0x7e8, ...options });
}

describe('IsoTpLink', () => {
	it('requests the VIN functionally and sends the flow control to the physical id', async () => {
		const port = new TranscriptPort(`
			=> 7DF 02 09 02 CC CC CC CC CC
			<= 7E8 ${VIN_RESPONSE.frames[0]}
			=> 7E0 ${VIN_RESPONSE.flowControl}
			<= 7E8 ${VIN_RESPONSE.frames[1]}
			<= 7E8 ${VIN_RESPONSE.frames[2]}
		`);
		const obd = link(port, { txId: 0x7df, flowControlId: 0x7e0 });
		expect(await obd.request(hex('09 02'))).toEqual(VIN_RESPONSE.payload);
		expect(port.problems).toEqual([]);
		expect(port.leftover).toEqual([]);
		obd.close();
	});

	it('sends a multi-frame request in the blocks the ECU asks for and returns its answer', async () => {
		const port = new TranscriptPort(`
			=> 7E0 10 0A 2E F1 90 01 02 03
			<= 7E8 30 01 00 CC CC CC CC CC
			=> 7E0 21 04 05 06 07 CC CC CC
			<= 7E8 03 6E F1 90 CC CC CC CC
		`);
		const uds = link(port, { blockSize: 1 });
		expect(await uds.request(hex('2E F1 90 01 02 03 04 05 06 07'))).toEqual(hex('6E F1 90'));
		expect(port.problems).toEqual([]);
		uds.close();
	});

	it('waits through WAIT flow controls until the ECU says continue', async () => {
		const port = new TranscriptPort(`
			=> 7E0 10 08 01 02 03 04 05 06
			<= 7E8 31 00 00 CC CC CC CC CC
			<= +20ms
			<= 7E8 30 00 00 CC CC CC CC CC
			=> 7E0 21 07 08 CC CC CC CC CC
		`);
		const l = link(port);
		await l.send(hex('01 02 03 04 05 06 07 08'));
		expect(port.problems).toEqual([]);
		expect(port.leftover).toEqual([]);
		l.close();
	});

	it('keeps STmin between consecutive frames on the wire', async () => {
		const port = new TranscriptPort(`
			=> 7E0 10 14 00 00 00 00 00 00
			<= 7E8 30 00 05 CC CC CC CC CC
			=> 7E0 21 00 00 00 00 00 00 00
			=> 7E0 22 00 00 00 00 00 00 00
		`);
		const l = link(port);
		await l.send(new Uint8Array(20));
		const [, cf1, cf2] = port.sent;
		expect(cf2.timestampUs - cf1.timestampUs).toBeGreaterThanOrEqual(5000);
		l.close();
	});

	it('rejects a request with IsoTpTimeoutError response when the ECU stays silent', async () => {
		const port = new TranscriptPort('=> 7E0 02 3E 00 CC CC CC CC CC');
		const l = link(port);
		const error = await l.request(hex('3E 00'), { timeoutMs: 20 }).catch((e) => e);
		expect(error).toBeInstanceOf(IsoTpTimeoutError);
		expect(error.timer).toBe('response');
		l.close();
	});

	it('rejects a send with IsoTpTimeoutError N_Bs when no flow control comes', async () => {
		const port = new TranscriptPort('=> 7E0 10 08 01 02 03 04 05 06');
		const l = link(port, { nBsUs: 20_000 });
		const error = await l.send(hex('01 02 03 04 05 06 07 08')).catch((e) => e);
		expect(error).toBeInstanceOf(IsoTpTimeoutError);
		expect(error.timer).toBe('N_Bs');
		l.close();
	});

	it('rejects a send with IsoTpOverflowError when the ECU answers FC OVFLW', async () => {
		const port = new TranscriptPort(`
			=> 7E0 10 08 01 02 03 04 05 06
			<= 7E8 32 00 00 CC CC CC CC CC
		`);
		const l = link(port);
		await expect(l.send(hex('01 02 03 04 05 06 07 08'))).rejects.toBeInstanceOf(IsoTpOverflowError);
		l.close();
	});

	it('rejects with IsoTpTimeoutError N_Cr when the answer stops halfway, despite a longer response timeout', async () => {
		const port = new TranscriptPort(`
			=> 7E0 03 22 F1 90 CC CC CC CC
			<= 7E8 10 14 62 F1 90 31 44 34
			=> 7E0 30 00 00 CC CC CC CC CC
			<= 7E8 21 47 50 30 30 52 35 35
		`);
		const l = link(port, { nCrUs: 30_000 });
		const error = await l.request(hex('22 F1 90'), { timeoutMs: 5 }).catch((e) => e);
		expect(error).toBeInstanceOf(IsoTpTimeoutError);
		expect(error.timer).toBe('N_Cr');
		l.close();
	});

	it('rejects with IsoTpSequenceError when the ECU skips a consecutive frame', async () => {
		const port = new TranscriptPort(`
			=> 7E0 02 09 02 CC CC CC CC CC
			<= 7E8 ${VIN_RESPONSE.frames[0]}
			=> 7E0 ${VIN_RESPONSE.flowControl}
			<= 7E8 ${VIN_RESPONSE.frames[2]}
		`);
		const l = link(port);
		await expect(l.request(hex('09 02'))).rejects.toBeInstanceOf(IsoTpSequenceError);
		l.close();
	});

	it('ignores frames from other ids and malformed frames while waiting for the answer', async () => {
		const port = new TranscriptPort(`
			=> 7E0 02 01 0D CC CC CC CC CC
			<= 7E9 03 41 0D 99 CC CC CC CC
			<= 7E8 40 00
			<= 7E8 03 41 0D 32 CC CC CC CC
		`);
		const ignored: IsoTpError[] = [];
		const l = link(port, { onError: (e) => ignored.push(e) });
		expect(await l.request(hex('01 0D'))).toEqual(hex('41 0D 32'));
		expect(ignored).toHaveLength(1);
		l.close();
	});

	it('queues messages nobody asked for yet but drops them as stale when a request starts', async () => {
		const port = new TranscriptPort(`
			=> 7E0 02 01 0C CC CC CC CC CC
			<= 7E8 04 41 0C 1A F8 CC CC CC
		`);
		const l = link(port);
		port.emit(0x7e8, '02 7E 00');
		port.emit(0x7e8, '02 51 01');
		expect(await l.receive()).toEqual(hex('7E 00'));
		expect(await l.request(hex('01 0C'))).toEqual(hex('41 0C 1A F8'));
		l.close();
	});

	it('speaks extended addressing with the address byte on every frame', async () => {
		const port = new TranscriptPort(`
			=> 6F1 10 02 10 03 CC CC CC CC
			<= 610 F1 06 50 03 00 32 01 F4
		`);
		const l = new IsoTpLink({ port, txId: 0x6f1, rxId: 0x610, addressing: { tx: 0x10, rx: 0xf1 } });
		expect(await l.request(hex('10 03'))).toEqual(hex('50 03 00 32 01 F4'));
		expect(port.problems).toEqual([]);
		l.close();
	});

	it('rejects pending receives when closed', async () => {
		const l = link(new TranscriptPort(''));
		const pending = l.receive({ timeoutMs: 1000 });
		l.close();
		await expect(pending).rejects.toBeInstanceOf(IsoTpError);
		await expect(l.send(hex('3E 00'))).rejects.toBeInstanceOf(IsoTpError);
	});

	it('refuses options without a port or with out-of-range ids', () => {
		const port = new TranscriptPort('');
		expect(
			() => new IsoTpLink({ txId: 0x7e0, rxId: 0x7e8 } as unknown as IsoTpLinkOptions)
		).toThrow(TypeError);
		expect(() => link(port, { rxId: 0x800 })).toThrow(TypeError);
		expect(() => link(port, { txDl: 9 as 8 })).toThrow(TypeError);
	});
});
