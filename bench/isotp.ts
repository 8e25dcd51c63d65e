import { IsoTpReceiver } from '../src/lib/hardware/protocol/isotp/receiver';
import { IsoTpSender } from '../src/lib/hardware/protocol/isotp/sender';
import type { TxDl } from '../src/lib/hardware/protocol/isotp/pci';

/** Segments one message into frames once, so the timed loop measures reassembly alone. */
function segment(length: number, txDl: TxDl): Uint8Array[] {
	const sender = new IsoTpSender({ txDl });
	sender.start(
		Uint8Array.from({ length }, (_, i) => i & 0xff),
		0
	);
	const frames: Uint8Array[] = [];
	for (;;) {
		const step = sender.poll(0);
		if (step.kind === 'transmit') frames.push(step.frame);
		else if (step.kind === 'wait') sender.handleFrame(Uint8Array.of(0x30, 0, 0), 0);
		else return frames;
	}
}

function benchReassembly(length: number, txDl: TxDl): void {
	const frames = segment(length, txDl);
	const receiver = new IsoTpReceiver({ maxLength: 1 << 16 });
	const budgetMs = 1000;
	let messages = 0;
	const t0 = performance.now();
	let ms = 0;
	while (ms < budgetMs) {
		for (let k = 0; k < 100; k++) {
			for (const frame of frames) if (receiver.handleFrame(frame, 0).message) messages++;
		}
		ms = performance.now() - t0;
	}
	const perS = (messages / ms) * 1000;
	console.log(
		`reassemble ${length} B over TX_DL ${txDl} (${frames.length} frames): ` +
			`${perS.toFixed(0)} messages/s, ${((perS * length) / 1e6).toFixed(1)} MB/s, ` +
			`${((perS * frames.length) / 1e6).toFixed(2)} M frames/s`
	);
}

function benchSegmentation(length: number): void {
	const payload = new Uint8Array(length);
	const sender = new IsoTpSender();
	const fc = Uint8Array.of(0x30, 0, 0);
	let messages = 0;
	const t0 = performance.now();
	let ms = 0;
	while (ms < 1000) {
		for (let k = 0; k < 100; k++) {
			sender.start(payload, 0);
			for (;;) {
				const step = sender.poll(0);
				if (step.kind === 'wait') sender.handleFrame(fc, 0);
				else if (step.kind !== 'transmit') break;
			}
			messages++;
		}
		ms = performance.now() - t0;
	}
	const perS = (messages / ms) * 1000;
	console.log(
		`segment ${length} B over TX_DL 8: ${perS.toFixed(0)} messages/s, ${((perS * length) / 1e6).toFixed(1)} MB/s`
	);
}

/** ISO-TP figures: pure reassembly and segmentation rates (prints, asserts nothing). */
export async function benchIsoTp(): Promise<void> {
	benchReassembly(4095, 8);
	benchReassembly(64, 8);
	benchReassembly(4095, 64);
	benchSegmentation(4095);
	benchSegmentation(64);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIsoTp();
