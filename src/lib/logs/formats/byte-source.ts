/**
 * Anything a log file can arrive as: the bytes in memory, chunks from a reader, or a `File.stream()` /
 * `fetch().body` ReadableStream. Importers pull chunks one at a time so a file is never held whole.
 */
export type ByteSource =
	Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Text in memory, or text chunks already decoded (a `TextDecoderStream`'s output), or bytes. */
export type TextSource = string | Iterable<string> | AsyncIterable<string> | ByteSource;

function isReadableStream(x: unknown): x is ReadableStream<Uint8Array> {
	return typeof (x as ReadableStream | null)?.getReader === 'function';
}

export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
	if (source instanceof Uint8Array) {
		yield source;
		return;
	}
	// Not every browser makes ReadableStream async-iterable yet (Safari), so read it through its reader.
	if (isReadableStream(source)) {
		const reader = source.getReader();
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				yield value;
			}
		} finally {
			reader.releaseLock();
		}
	}
	yield* source as Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface TextChunkOptions {
	/** For byte input: a TextDecoder label. @default 'utf-8' (a leading BOM is dropped) */
	encoding?: string;
}

/** Text chunks from any {@link TextSource}; bytes are decoded as a stream, so a character split across chunks survives. */
export async function* textChunks(
	source: TextSource,
	options: TextChunkOptions = {}
): AsyncGenerator<string> {
	if (typeof source === 'string') {
		yield source;
		return;
	}
	let decoder: TextDecoder | null = null;
	const items = (
		source instanceof Uint8Array || isReadableStream(source) ? byteChunks(source) : source
	) as Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
	for await (const item of items) {
		if (typeof item === 'string') {
			yield item;
			continue;
		}
		decoder ??= new TextDecoder(options.encoding ?? 'utf-8');
		const text = decoder.decode(item, { stream: true });
		if (text) yield text;
	}
	if (decoder) {
		const tail = decoder.decode();
		if (tail) yield tail;
	}
}
