import type { ByteSource } from '../../logs/formats';
import { ImportTooLargeError } from './errors';

interface Pull {
	read(): Promise<Uint8Array | null>;
	cancel(): Promise<void>;
}

function pullFrom(source: ByteSource): Pull {
	if (source instanceof Uint8Array) {
		let given = false;
		return {
			read: async () => (given ? null : ((given = true), source)),
			cancel: async () => {}
		};
	}
	if (typeof (source as ReadableStream).getReader === 'function') {
		const reader = (source as ReadableStream<Uint8Array>).getReader();
		return {
			read: async () => {
				const { done, value } = await reader.read();
				return done ? null : value;
			},
			cancel: () => reader.cancel()
		};
	}
	const it =
		Symbol.asyncIterator in source
			? (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
			: (source as Iterable<Uint8Array>)[Symbol.iterator]();
	return {
		read: async () => {
			const { done, value } = await it.next();
			return done ? null : value;
		},
		cancel: async () => {
			await it.return?.();
		}
	};
}

/**
 * Reads an upload piece by piece, as it arrives, and stops it with {@link ImportTooLargeError} the moment it
 * passes `maxBytes`, so a file is never held whole and an endless body is never read to its end.
 */
export class UploadReader {
	/** Bytes read so far. */
	bytes = 0;
	private readonly pull: Pull;
	private readonly maxBytes: number;
	private readonly peeked: Uint8Array[] = [];
	private ended = false;

	constructor(source: ByteSource, maxBytes: number) {
		if (!(Number.isInteger(maxBytes) && maxBytes > 0))
			throw new TypeError(`maxBytes must be a positive integer, got ${maxBytes}`);
		this.pull = pullFrom(source);
		this.maxBytes = maxBytes;
	}

	/** The next piece, or null at the end. */
	async next(): Promise<Uint8Array | null> {
		const held = this.peeked.shift();
		if (held) return held;
		return this.readPiece();
	}

	/** At least the first `n` bytes (fewer only when the upload is shorter), without consuming them. */
	async peek(n: number): Promise<Uint8Array> {
		let have = this.peeked.reduce((sum, p) => sum + p.length, 0);
		while (have < n) {
			const piece = await this.readPiece();
			if (!piece) break;
			this.peeked.push(piece);
			have += piece.length;
		}
		const out = new Uint8Array(Math.min(n, have));
		let at = 0;
		for (const p of this.peeked) {
			if (at >= out.length) break;
			const take = p.subarray(0, out.length - at);
			out.set(take, at);
			at += take.length;
		}
		return out;
	}

	async *pieces(): AsyncGenerator<Uint8Array> {
		for (let piece = await this.next(); piece; piece = await this.next()) yield piece;
	}

	/**
	 * Reads and drops the rest. Answering before the body is read makes servers reset the connection, and the
	 * browser then shows a network error instead of the answer (here, where the file is damaged).
	 */
	async drain(): Promise<void> {
		this.peeked.length = 0;
		while (await this.readPiece());
	}

	async cancel(): Promise<void> {
		this.peeked.length = 0;
		if (this.ended) return;
		this.ended = true;
		await this.pull.cancel().catch(() => {});
	}

	private async readPiece(): Promise<Uint8Array | null> {
		if (this.ended) return null;
		for (;;) {
			const piece = await this.pull.read();
			if (!piece) {
				this.ended = true;
				return null;
			}
			if (piece.length === 0) continue;
			this.bytes += piece.length;
			if (this.bytes > this.maxBytes) {
				await this.cancel();
				throw new ImportTooLargeError(this.maxBytes);
			}
			return piece;
		}
	}
}
