import { describe, expect, it } from 'vitest';
import { MessageAssembler } from './openport2-messages';

const data = (...b: number[]) => Uint8Array.from(b);

describe('MessageAssembler (j2534.c PassThruReadMsgs rules)', () => {
	it('makes every CAN data packet a message of its own', () => {
		const a = new MessageAssembler(5);
		expect(a.push({ type: 0x00, timestampUs: 7, data: data(0, 0, 1, 0x23, 9) })).toEqual({
			kind: 'message',
			data: data(0, 0, 1, 0x23, 9),
			timestampUs: 7,
			loopback: false
		});
		expect(a.push({ type: 0x20, timestampUs: 8, data: data(0, 0, 1, 0x23) })).toMatchObject({
			kind: 'message',
			loopback: true
		});
	});

	it('joins ISO 15765 chunks and closes the message on RX_END with its timestamp', () => {
		const a = new MessageAssembler(6);
		expect(a.push({ type: 0x80, timestampUs: 1, data: data(0, 0, 7, 0xe8) })).toEqual({
			kind: 'start',
			data: data(0, 0, 7, 0xe8),
			timestampUs: 1,
			loopback: false
		});
		const first = new Uint8Array(250).fill(1);
		const second = new Uint8Array(54).fill(2);
		expect(a.push({ type: 0x00, timestampUs: 2, data: first })).toBeUndefined();
		expect(a.push({ type: 0x00, timestampUs: 3, data: second })).toBeUndefined();
		const out = a.push({ type: 0x40, timestampUs: 4, data: new Uint8Array(0) });
		expect(out).toMatchObject({ kind: 'message', timestampUs: 4, loopback: false });
		expect(out?.kind === 'message' && [...out.data]).toEqual([...first, ...second]);
	});

	it('joins K-line data that carries no timestamp and stamps it from RX_END', () => {
		const a = new MessageAssembler(4);
		a.push({ type: 0x80, timestampUs: 10, data: new Uint8Array(0) });
		a.push({
			type: 0x00,
			timestampUs: undefined,
			data: data(0x83, 0xf1, 0x10, 0x41, 0x0d, 0, 0xd2)
		});
		expect(a.push({ type: 0x40, timestampUs: 20, data: new Uint8Array(0) })).toEqual({
			kind: 'message',
			data: data(0x83, 0xf1, 0x10, 0x41, 0x0d, 0, 0xd2),
			timestampUs: 20,
			loopback: false
		});
	});

	it('reports an end without data, a start interrupting data and a message without end', () => {
		const a = new MessageAssembler(6);
		expect(a.push({ type: 0x40, timestampUs: 1, data: new Uint8Array(0) })).toEqual({
			kind: 'malformed',
			reason: 'end indication without data'
		});
		a.push({ type: 0x00, timestampUs: 1, data: data(0, 0, 7, 0xe8, 1) });
		expect(a.push({ type: 0x80, timestampUs: 2, data: data(0, 0, 7, 0xe8) })).toEqual({
			kind: 'malformed',
			reason: 'a message start interrupted data'
		});
		for (let i = 0; i < 16; i++) a.push({ type: 0x00, timestampUs: 3, data: new Uint8Array(250) });
		expect(a.push({ type: 0x00, timestampUs: 3, data: new Uint8Array(250) })).toEqual({
			kind: 'malformed',
			reason: 'message exceeds 4128 bytes without an end'
		});
		expect(a.push({ type: 0x10, timestampUs: 3, data: new Uint8Array(4) })).toBeUndefined();
	});
});
