import { describe, expect, it, vi } from 'vitest';
import { canFrame, type CanFrame } from '../can-frame';
import { createFramePort } from './frame-port';
import { IsoTpLink } from './link';
import { hex } from './vectors.test-helper';

describe('createFramePort', () => {
	it('fans each delivered frame out to every subscriber until it unsubscribes', () => {
		const { port, deliver } = createFramePort(async () => {});
		const a: CanFrame[] = [];
		const b: CanFrame[] = [];
		const stopA = port.subscribe((f) => a.push(f));
		port.subscribe((f) => b.push(f));
		deliver(canFrame({ id: 1, data: hex('01') }));
		stopA();
		deliver(canFrame({ id: 2, data: hex('02') }));
		expect(a.map((f) => f.id)).toEqual([1]);
		expect(b.map((f) => f.id)).toEqual([1, 2]);
	});

	it('lets an adapter sink drive a link: frames sent go to send, frames delivered reach the link', async () => {
		const send = vi.fn(async () => {});
		const { port, deliver } = createFramePort(send);
		const link = new IsoTpLink({ port, txId: 0x7e0, rxId: 0x7e8 });
		const answer = link.request(hex('01 05'));
		await vi.waitFor(() => expect(send).toHaveBeenCalledOnce());
		deliver(canFrame({ id: 0x7e8, data: hex('03 41 05 7B CC CC CC CC') }));
		expect(await answer).toEqual(hex('41 05 7B'));
		link.close();
	});
});
