export interface TextLine {
	/** The record's text without its line ending. */
	text: string;
	/** 1-based line where the record starts. */
	line: number;
}

export interface LineSplitterOptions {
	/**
	 * Treat a newline inside double quotes as part of the record (RFC 4180 §2.6), so a quoted CSV cell may span
	 * lines. @default true
	 */
	quoteAware?: boolean;
}

/**
 * Splits text arriving in chunks of any size into lines (records), wherever the chunk boundaries fall: inside a
 * line, between `\r` and `\n`, inside a quoted cell or a multi-byte character already decoded. Ends of line are
 * `\n` or `\r\n`; a leading byte-order mark is dropped. Only the unfinished last line is held between chunks.
 */
export class LineSplitter {
	private readonly quoteAware: boolean;
	private pending = '';
	/** Where to look for the next newline in `pending` (everything before it is inside the current record). */
	private scanFrom = 0;
	/** Quotes seen in `pending[0..scanFrom)`; odd means a newline there was inside a quoted cell. */
	private quotes = 0;
	/** Newlines consumed inside the current record. */
	private innerLines = 0;
	private line = 1;
	private started = false;

	constructor(options: LineSplitterOptions = {}) {
		this.quoteAware = options.quoteAware ?? true;
	}

	push(chunk: string, out: TextLine[] = []): TextLine[] {
		if (!this.started && chunk.length > 0) {
			this.started = true;
			if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
		}
		const text = this.pending.length > 0 ? this.pending + chunk : chunk;
		let start = 0;
		let from = this.scanFrom;
		// The next quote at or after `from`; found once and advanced, so a quote-free chunk is scanned once.
		let q = this.quoteAware ? text.indexOf('"', from) : -1;
		for (;;) {
			const nl = text.indexOf('\n', from);
			if (nl < 0) break;
			while (q >= 0 && q < nl) {
				this.quotes++;
				q = text.indexOf('"', q + 1);
			}
			from = nl + 1;
			if (this.quotes % 2 === 1) {
				this.innerLines++;
				continue;
			}
			const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
			out.push({ text: text.slice(start, end), line: this.line });
			this.line += 1 + this.innerLines;
			this.innerLines = 0;
			this.quotes = 0;
			start = from;
		}
		while (q >= 0) {
			this.quotes++;
			q = text.indexOf('"', q + 1);
		}
		this.pending = text.slice(start);
		this.scanFrom = this.pending.length;
		return out;
	}

	/** The last line when the text does not end with a newline. */
	end(out: TextLine[] = []): TextLine[] {
		if (this.pending.length > 0) {
			const text = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
			out.push({ text, line: this.line });
		}
		this.pending = '';
		this.scanFrom = 0;
		this.quotes = 0;
		return out;
	}
}
