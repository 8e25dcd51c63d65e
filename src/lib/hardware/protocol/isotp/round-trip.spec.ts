import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './frame-codec';
import { PciType, TX_DL_VALUES } from './pci';
import { IsoTpReceiver } from './receiver';
import { IsoTpSender } from './sender';
import { decodeStMin } from './st-min';

const stMinByte = fc.oneof(
	fc.integer({ min: 0x00, max: 0x7f }),
	fc.integer({ min: 0xf1, max: 0xf9 })
);

const scenario = fc.record({
	payload: fc.uint8Array({ minLength: 1, maxLength: 4095 }),
	blockSize: fc.integer({ min: 0, max: 20 }),
	stMin: stMinByte,
	extended: fc.boolean(),
	padding: fc.constantFrom<number | null>(0xcc, 0xaa, 0x00, null),
	txDl: fc.constantFrom(...TX_DL_VALUES)
});

describe('ISO-TP round trip', () => {
	it('reassembles exactly what was segmented for any payload, BS, STmin, addressing, padding and TX_DL', () => {
		fc.assert(
			fc.property(scenario, ({ payload, blockSize, stMin, extended, padding, txDl }) => {
				const addressing = extended ? { tx: 0x10, rx: 0xf1 } : undefined;
				const back = extended ? { tx: 0xf1, rx: 0x10 } : undefined;
				const sender = new IsoTpSender({ addressing, padding, txDl });
				const stMinUs = decodeStMin(stMin);
				const receiver = new IsoTpReceiver({ addressing: back, blockSize, stMinUs });
				let now = 0;
				let lastCf = -Infinity;
				let message: Uint8Array | undefined;
				sender.start(payload, now);
				for (let guard = 0; guard < 10_000 && !message; guard++) {
					const step = sender.poll(now);
					if (step.kind === 'transmit') {
						expect(step.frame.length).toBeLessThanOrEqual(txDl);
						if (padding !== null) expect(step.frame.length).toBeGreaterThanOrEqual(8);
						const pci = decodeFrame(step.frame, { addressed: extended }).pci;
						if (pci === PciType.ConsecutiveFrame) {
							expect(now - lastCf).toBeGreaterThanOrEqual(stMinUs);
							lastCf = now;
						}
						const out = receiver.handleFrame(step.frame, now);
						expect(out.error).toBeUndefined();
						if (out.flowControl) sender.handleFrame(out.flowControl, now);
						message = out.message;
					} else if (step.kind === 'wait') {
						expect(step.reason).toBe('st-min');
						now = step.untilUs;
					} else {
						throw new Error(`sender stopped early: ${step.kind}`);
					}
				}
				expect(message).toEqual(payload);
			}),
			{ numRuns: 300 }
		);
	});

	it('carries messages longer than 4095 bytes with the 32-bit first frame length', () => {
		const payload = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
		const sender = new IsoTpSender({ txDl: 64 });
		const receiver = new IsoTpReceiver({ maxLength: 8192 });
		sender.start(payload, 0);
		let message: Uint8Array | undefined;
		while (!message) {
			const step = sender.poll(0);
			if (step.kind !== 'transmit') throw new Error(step.kind);
			const out = receiver.handleFrame(step.frame, 0);
			if (out.flowControl) sender.handleFrame(out.flowControl, 0);
			message = out.message;
		}
		expect(message).toEqual(payload);
	});

	it('never throws on arbitrary frames fed to the receiver and the sender', () => {
		fc.assert(
			fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 40 }), (frames) => {
				const receiver = new IsoTpReceiver({ maxLength: 1 << 20 });
				const sender = new IsoTpSender();
				sender.start(new Uint8Array(100), 0);
				sender.poll(0);
				frames.forEach((frame, t) => {
					receiver.handleFrame(frame, t);
					sender.handleFrame(frame, t);
					receiver.poll(t);
					sender.poll(t);
				});
			}),
			{ numRuns: 500 }
		);
	});
});
