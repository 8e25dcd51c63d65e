import { describe, expect, it } from 'vitest';
import { IsoTpOverflowError, IsoTpProtocolError, IsoTpTimeoutError } from './errors';
import { IsoTpSender, type SenderStep } from './sender';
import { VIN_RESPONSE, hex, toHex } from './vectors.test-helper';

const payload = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

/** Polls until the sender waits or finishes, collecting the frames it transmits at `nowUs`. */
function drain(sender: IsoTpSender, nowUs: number): { frames: string[]; step: SenderStep } {
	const frames: string[] = [];
	for (;;) {
		const step = sender.poll(nowUs);
		if (step.kind !== 'transmit') return { frames, step };
		frames.push(toHex(step.frame));
	}
}

describe('IsoTpSender', () => {
	it('sends a short message as one single frame and is done', () => {
		const sender = new IsoTpSender();
		sender.start(hex('09 02'), 0);
		expect(drain(sender, 0)).toEqual({
			frames: ['02 09 02 CC CC CC CC CC'],
			step: { kind: 'done' }
		});
	});

	it('segments the VIN reply into the byte-exact FF and CFs after a 30 00 00 flow control', () => {
		const sender = new IsoTpSender();
		sender.start(VIN_RESPONSE.payload, 0);
		const first = drain(sender, 0);
		expect(first.frames).toEqual([VIN_RESPONSE.frames[0]]);
		expect(first.step).toMatchObject({ kind: 'wait', reason: 'flow-control' });
		sender.handleFrame(hex('30 00 00'), 10);
		expect(drain(sender, 10)).toEqual({
			frames: [VIN_RESPONSE.frames[1], VIN_RESPONSE.frames[2]],
			step: { kind: 'done' }
		});
	});

	it('stops after BS consecutive frames and waits for the next flow control', () => {
		const sender = new IsoTpSender();
		sender.start(payload(40), 0);
		drain(sender, 0);
		sender.handleFrame(hex('30 02 00'), 0);
		const block = drain(sender, 0);
		expect(block.frames.map((f) => f.slice(0, 2))).toEqual(['21', '22']);
		expect(block.step).toEqual({ kind: 'wait', untilUs: 1_000_000, reason: 'flow-control' });
		sender.handleFrame(hex('30 02 00'), 5);
		expect(drain(sender, 5).frames.map((f) => f.slice(0, 2))).toEqual(['23', '24']);
	});

	it('keeps STmin between consecutive frames by reporting when the next one may go', () => {
		const sender = new IsoTpSender();
		sender.start(payload(30), 0);
		drain(sender, 0);
		sender.handleFrame(hex('30 00 0A'), 0);
		expect(drain(sender, 100).frames).toHaveLength(1);
		expect(sender.poll(5_000)).toEqual({ kind: 'wait', untilUs: 10_100, reason: 'st-min' });
		expect(drain(sender, 10_100).frames).toHaveLength(1);
	});

	it('honours microsecond STmin values', () => {
		const sender = new IsoTpSender();
		sender.start(payload(30), 0);
		drain(sender, 0);
		sender.handleFrame(hex('30 00 F3'), 0);
		drain(sender, 0);
		expect(sender.poll(10)).toEqual({ kind: 'wait', untilUs: 300, reason: 'st-min' });
	});

	it('treats a reserved STmin as 127 ms', () => {
		const sender = new IsoTpSender();
		sender.start(payload(30), 0);
		drain(sender, 0);
		sender.handleFrame(hex('30 00 80'), 0);
		drain(sender, 0);
		expect(sender.poll(1)).toEqual({ kind: 'wait', untilUs: 127_000, reason: 'st-min' });
	});

	it('restarts N_Bs on a WAIT flow control and carries on after CTS', () => {
		const sender = new IsoTpSender({ nBsUs: 1000 });
		sender.start(payload(20), 0);
		drain(sender, 0);
		sender.handleFrame(hex('31 00 00'), 900);
		expect(sender.poll(1500)).toEqual({ kind: 'wait', untilUs: 1900, reason: 'flow-control' });
		sender.handleFrame(hex('30 00 00'), 1800);
		expect(drain(sender, 1800).step).toEqual({ kind: 'done' });
	});

	it('fails with IsoTpProtocolError after more WAIT frames than maxWaitFrames', () => {
		const sender = new IsoTpSender({ maxWaitFrames: 2 });
		sender.start(payload(20), 0);
		drain(sender, 0);
		for (const t of [1, 2, 3]) sender.handleFrame(hex('31 00 00'), t);
		const step = sender.poll(4);
		expect(step.kind === 'failed' && step.error).toBeInstanceOf(IsoTpProtocolError);
	});

	it('fails with IsoTpTimeoutError N_Bs when no flow control comes', () => {
		const sender = new IsoTpSender({ nBsUs: 1000 });
		sender.start(payload(20), 0);
		drain(sender, 0);
		expect(sender.poll(999).kind).toBe('wait');
		const step = sender.poll(1000);
		expect(step.kind === 'failed' && step.error).toBeInstanceOf(IsoTpTimeoutError);
		expect(step.kind === 'failed' && (step.error as IsoTpTimeoutError).timer).toBe('N_Bs');
	});

	it('fails with IsoTpOverflowError when the receiver answers FC OVFLW', () => {
		const sender = new IsoTpSender();
		sender.start(payload(20), 0);
		drain(sender, 0);
		sender.handleFrame(hex('32 00 00'), 1);
		const step = sender.poll(1);
		expect(step.kind === 'failed' && step.error).toBeInstanceOf(IsoTpOverflowError);
	});

	it('aborts with IsoTpProtocolError on a reserved flow status', () => {
		const sender = new IsoTpSender();
		sender.start(payload(20), 0);
		drain(sender, 0);
		sender.handleFrame(hex('35 00 00'), 1);
		const step = sender.poll(1);
		expect(step.kind === 'failed' && step.error).toBeInstanceOf(IsoTpProtocolError);
	});

	it('ignores malformed frames and frames that are not flow control while waiting', () => {
		const sender = new IsoTpSender();
		sender.start(payload(20), 0);
		drain(sender, 0);
		for (const junk of ['', '30', '21 01 02', '02 01 02', 'F0 01'])
			sender.handleFrame(hex(junk), 1);
		expect(sender.poll(2)).toMatchObject({ kind: 'wait', reason: 'flow-control' });
	});

	it('uses the address byte and one byte less per frame under extended addressing', () => {
		const sender = new IsoTpSender({ addressing: { tx: 0x10, rx: 0xf1 } });
		sender.start(payload(12), 0);
		expect(drain(sender, 0).frames).toEqual(['10 10 0C 00 01 02 03 04']);
		sender.handleFrame(hex('30 00 00'), 1);
		expect(sender.poll(1).kind).toBe('wait');
		sender.handleFrame(hex('F1 30 00 00'), 1);
		expect(drain(sender, 1).frames).toEqual(['10 21 05 06 07 08 09 0A', '10 22 0B CC CC CC CC CC']);
	});

	it('sends an unpadded last consecutive frame when padding is off', () => {
		const sender = new IsoTpSender({ padding: null });
		sender.start(payload(8), 0);
		drain(sender, 0);
		sender.handleFrame(hex('30 00 00'), 1);
		expect(drain(sender, 1).frames).toEqual(['21 06 07']);
	});

	it('refuses to start a second message while one is in flight', () => {
		const sender = new IsoTpSender();
		sender.start(payload(20), 0);
		expect(() => sender.start(payload(2), 0)).toThrow(/busy/);
	});

	it('refuses an empty message', () => {
		expect(() => new IsoTpSender().start(new Uint8Array(0), 0)).toThrow(RangeError);
	});
});
