import { describe, expect, it } from 'vitest';
import { canFrame, type CanFrame } from '../protocol/can-frame';
import { AdapterDisconnectedError } from '../errors';
import type { BusState, CanSink } from './can-adapter';
import { createAdapterFramePort } from './can-frame-port';

describe('createAdapterFramePort', () => {
	it('fans every received frame out to each subscriber and to the forwarded sink', () => {
		const forwarded: CanFrame[] = [];
		const { port, sink } = createAdapterFramePort(
			{ send: async () => {} },
			{ frame: (f) => forwarded.push(f), closed: () => {} }
		);
		const a: number[] = [];
		const b: number[] = [];
		const stopA = port.subscribe((f) => a.push(f.id));
		port.subscribe((f) => b.push(f.id));
		sink.frame(canFrame({ id: 0x7e8, data: Uint8Array.of(1) }));
		stopA();
		sink.frame(canFrame({ id: 0x100, data: Uint8Array.of(2) }));
		expect(a).toEqual([0x7e8]);
		expect(b).toEqual([0x7e8, 0x100]);
		expect(forwarded.map((f) => f.id)).toEqual([0x7e8, 0x100]);
	});

	it('sends through the adapter and passes its rejection on', async () => {
		const sent: number[] = [];
		const gone = new AdapterDisconnectedError('unplugged', 'gs_usb');
		const { port } = createAdapterFramePort({
			send: async (f) => {
				if (f.id === 0x7df) throw gone;
				sent.push(f.id);
			}
		});
		await port.send(canFrame({ id: 0x7e0, data: Uint8Array.of(0x3e) }));
		await expect(port.send(canFrame({ id: 0x7df, data: Uint8Array.of(0x3e) }))).rejects.toBe(gone);
		expect(sent).toEqual([0x7e0]);
	});

	it('forwards bus states and the close to the forwarded sink', () => {
		const events: string[] = [];
		const forward: CanSink = {
			frame: () => {},
			busState: (state: BusState) => events.push(state),
			closed: (reason) => events.push(reason === null ? 'closed' : 'died')
		};
		const { sink } = createAdapterFramePort({ send: async () => {} }, forward);
		sink.busState?.('warning', { rx: 96, tx: 0 });
		sink.closed(null);
		expect(events).toEqual(['warning', 'closed']);
	});
});
