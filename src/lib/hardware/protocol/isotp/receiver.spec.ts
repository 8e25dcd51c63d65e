import { describe, expect, it } from 'vitest';
import {
	IsoTpOverflowError,
	IsoTpProtocolError,
	IsoTpSequenceError,
	IsoTpTimeoutError
} from './errors';
import { IsoTpReceiver } from './receiver';
import { VIN_RESPONSE, hex, toHex } from './vectors.test-helper';

const cf = (sn: number, fill = 0) =>
	hex(`2${sn.toString(16)} ${`${fill.toString(16)} `.repeat(7)}`);

describe('IsoTpReceiver', () => {
	it('delivers a single frame message at once without flow control', () => {
		const out = new IsoTpReceiver().handleFrame(hex('03 41 0D 32 CC CC CC CC'), 0);
		expect(out).toEqual({ message: hex('41 0D 32') });
	});

	it('reassembles the VIN reply and answers its first frame with 30 00 00', () => {
		const rx = new IsoTpReceiver();
		const [ff, cf1, cf2] = VIN_RESPONSE.frames.map(hex);
		const first = rx.handleFrame(ff, 0);
		expect(toHex(first.flowControl as Uint8Array)).toBe(VIN_RESPONSE.flowControl);
		expect(rx.handleFrame(cf1, 1)).toEqual({});
		expect(rx.handleFrame(cf2, 2)).toEqual({ message: VIN_RESPONSE.payload });
		expect(new TextDecoder().decode(VIN_RESPONSE.payload.subarray(3))).toBe('1D4GP00R55B123456');
	});

	it('asks for its configured BS and STmin and sends a new flow control after each block', () => {
		const rx = new IsoTpReceiver({ blockSize: 2, stMinUs: 500, padding: null });
		expect(toHex(rx.handleFrame(hex('10 20 00 00 00 00 00 00'), 0).flowControl!)).toBe('30 02 F5');
		expect(rx.handleFrame(cf(1), 1).flowControl).toBeUndefined();
		expect(toHex(rx.handleFrame(cf(2), 2).flowControl!)).toBe('30 02 F5');
		expect(rx.handleFrame(cf(3), 3).flowControl).toBeUndefined();
	});

	it('wraps the sequence number from F to 0', () => {
		const rx = new IsoTpReceiver();
		rx.handleFrame(hex('10 80 00 00 00 00 00 00'), 0);
		for (let sn = 1; sn <= 15; sn++) expect(rx.handleFrame(cf(sn), sn).error).toBeUndefined();
		expect(rx.handleFrame(cf(0), 16).error).toBeUndefined();
		expect(rx.receiving).toBe(true);
	});

	it('aborts with IsoTpSequenceError on a wrong sequence number', () => {
		const rx = new IsoTpReceiver();
		rx.handleFrame(hex(VIN_RESPONSE.frames[0]), 0);
		const out = rx.handleFrame(hex(VIN_RESPONSE.frames[2]), 1);
		expect(out.error).toBeInstanceOf(IsoTpSequenceError);
		expect(out.error).toMatchObject({ expected: 1, received: 2 });
		expect(rx.receiving).toBe(false);
		expect(rx.handleFrame(hex(VIN_RESPONSE.frames[1]), 2).ignored).toBeInstanceOf(
			IsoTpProtocolError
		);
	});

	it('answers FC OVFLW and reports IsoTpOverflowError for a message longer than its buffer', () => {
		const rx = new IsoTpReceiver({ maxLength: 16 });
		const out = rx.handleFrame(hex('10 14 49 02 01 31 44 34'), 0);
		expect(toHex(out.flowControl!)).toBe('32 00 00 CC CC CC CC CC');
		expect(out.error).toBeInstanceOf(IsoTpOverflowError);
		expect(out.error).toMatchObject({ length: 20, maxLength: 16 });
		expect(rx.receiving).toBe(false);
	});

	it('times out with IsoTpTimeoutError N_Cr when a consecutive frame is late', () => {
		const rx = new IsoTpReceiver({ nCrUs: 1000 });
		rx.handleFrame(hex(VIN_RESPONSE.frames[0]), 0);
		rx.handleFrame(hex(VIN_RESPONSE.frames[1]), 500);
		expect(rx.deadlineUs).toBe(1500);
		expect(rx.poll(1499)).toEqual({});
		const out = rx.poll(1500);
		expect(out.error).toBeInstanceOf(IsoTpTimeoutError);
		expect((out.error as IsoTpTimeoutError).timer).toBe('N_Cr');
		expect(rx.receiving).toBe(false);
	});

	it('ends a reception interrupted by a single frame and delivers the single frame', () => {
		const rx = new IsoTpReceiver();
		rx.handleFrame(hex(VIN_RESPONSE.frames[0]), 0);
		const out = rx.handleFrame(hex('02 7F 22'), 1);
		expect(out.message).toEqual(hex('7F 22'));
		expect(out.error).toBeInstanceOf(IsoTpProtocolError);
	});

	it('starts over when a new first frame interrupts a reception', () => {
		const rx = new IsoTpReceiver();
		rx.handleFrame(hex('10 20 00 00 00 00 00 00'), 0);
		rx.handleFrame(cf(1), 1);
		const restart = rx.handleFrame(hex(VIN_RESPONSE.frames[0]), 2);
		expect(restart.error).toBeInstanceOf(IsoTpProtocolError);
		expect(restart.flowControl).toBeDefined();
		rx.handleFrame(hex(VIN_RESPONSE.frames[1]), 3);
		expect(rx.handleFrame(hex(VIN_RESPONSE.frames[2]), 4).message).toEqual(VIN_RESPONSE.payload);
	});

	it('ignores a consecutive frame when no reception is in progress', () => {
		const out = new IsoTpReceiver().handleFrame(cf(1), 0);
		expect(out.ignored).toBeInstanceOf(IsoTpProtocolError);
		expect(out.message).toBeUndefined();
	});

	it('reports malformed frames as ignored and keeps the reception going', () => {
		const rx = new IsoTpReceiver();
		rx.handleFrame(hex(VIN_RESPONSE.frames[0]), 0);
		for (const junk of ['', '40 00', '0F 00', '21', '10 03 00']) {
			expect(rx.handleFrame(hex(junk), 1).ignored).toBeInstanceOf(IsoTpProtocolError);
		}
		rx.handleFrame(hex(VIN_RESPONSE.frames[1]), 2);
		expect(rx.handleFrame(hex(VIN_RESPONSE.frames[2]), 3).message).toEqual(VIN_RESPONSE.payload);
	});

	it('leaves flow control frames to the sender', () => {
		expect(new IsoTpReceiver().handleFrame(hex('30 00 00'), 0)).toEqual({});
	});

	it('takes only frames carrying its address byte under extended addressing', () => {
		const rx = new IsoTpReceiver({ addressing: { tx: 0x10, rx: 0xf1 } });
		expect(rx.handleFrame(hex('F2 02 50 03'), 0)).toEqual({});
		const first = rx.handleFrame(hex('F1 10 08 01 02 03 04 05'), 0);
		expect(toHex(first.flowControl!)).toBe('10 30 00 00 CC CC CC CC');
		expect(rx.handleFrame(hex('F1 21 06 07 08 CC CC CC'), 1).message).toEqual(
			hex('01 02 03 04 05 06 07 08')
		);
	});
});
