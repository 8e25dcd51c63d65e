import { canFrame, type CanFrame } from '../can-frame';
import type { CanFramePort } from './link';
import { hex, toHex } from './vectors.test-helper';

/**
 * A scripted ECU as a CanFramePort, in the R16 transcript style: `=> 7E0 02 09 02 …` is a frame the link must send
 * next (byte for byte), `<= 7E8 …` frames the ECU sends back once the preceding `=>` matched, `<= +5ms` a pause.
 * Any mismatch is recorded in `problems` so the spec can assert the link kept to the script.
 */
export class TranscriptPort implements CanFramePort {
	readonly sent: CanFrame[] = [];
	readonly problems: string[] = [];
	readonly #steps: string[];
	readonly #listeners = new Set<(frame: CanFrame) => void>();

	constructor(transcript: string) {
		this.#steps = transcript
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean);
		queueMicrotask(() => void this.#play());
	}

	get leftover(): string[] {
		return this.#steps;
	}

	subscribe(listener: (frame: CanFrame) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async send(frame: CanFrame): Promise<void> {
		this.sent.push(frame);
		const got = `=> ${frame.id.toString(16).toUpperCase()} ${toHex(frame.data)}`;
		const want = this.#steps.shift();
		if (want !== got) this.problems.push(`expected ${want ?? 'nothing'}, link sent ${got}`);
		void this.#play();
	}

	/** Sends a frame from the ECU side outside the script. */
	emit(id: number, bytes: string): void {
		const frame = canFrame({ id, data: hex(bytes) });
		for (const listener of this.#listeners) listener(frame);
	}

	async #play(): Promise<void> {
		await new Promise((r) => setTimeout(r, 0));
		while (this.#steps[0]?.startsWith('<=')) {
			const [, what, ...bytes] = (this.#steps.shift() as string).split(/\s+/);
			if (what.startsWith('+')) {
				await new Promise((r) => setTimeout(r, Number.parseInt(what.slice(1), 10)));
				continue;
			}
			this.emit(Number.parseInt(what, 16), bytes.join(' '));
		}
	}
}
