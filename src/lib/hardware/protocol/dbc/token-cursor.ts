import { DbcParseError } from './errors';
import type { DbcToken } from './lexer';

/** A read position over DBC tokens with the expectation helpers the statement parsers share. */
export class TokenCursor {
	private pos = 0;
	private readonly tokens: readonly DbcToken[];
	private readonly endLine: number;

	constructor(options: { tokens: readonly DbcToken[]; endLine: number }) {
		this.tokens = options.tokens;
		this.endLine = options.endLine;
	}

	get done(): boolean {
		return this.pos >= this.tokens.length;
	}

	peek(ahead = 0): DbcToken | undefined {
		return this.tokens[this.pos + ahead];
	}

	next(what: string): DbcToken {
		const t = this.tokens[this.pos];
		if (!t) throw new DbcParseError(`expected ${what} but the file ended`, this.endLine, 1);
		this.pos++;
		return t;
	}

	fail(message: string, at: DbcToken | undefined = this.peek()): never {
		if (!at) throw new DbcParseError(`${message} but the file ended`, this.endLine, 1);
		throw new DbcParseError(message, at.line, at.column);
	}

	isPunct(text: string, ahead = 0): boolean {
		const t = this.tokens[this.pos + ahead];
		return t !== undefined && t.kind === 'punct' && t.text === text;
	}

	isIdent(text?: string, ahead = 0): boolean {
		const t = this.tokens[this.pos + ahead];
		return t !== undefined && t.kind === 'ident' && (text === undefined || t.text === text);
	}

	acceptPunct(text: string): boolean {
		if (!this.isPunct(text)) return false;
		this.pos++;
		return true;
	}

	expectPunct(text: string, context: string): DbcToken {
		const t = this.peek();
		if (!t || t.kind !== 'punct' || t.text !== text)
			this.fail(`expected '${text}' ${context}${found(t)}`);
		this.pos++;
		return t;
	}

	expectIdent(context: string): DbcToken {
		const t = this.peek();
		if (!t || t.kind !== 'ident') this.fail(`expected ${context}${found(t)}`);
		this.pos++;
		return t;
	}

	expectString(context: string): string {
		const t = this.peek();
		if (!t || t.kind !== 'string') this.fail(`expected ${context} as a quoted string${found(t)}`);
		this.pos++;
		return t.text;
	}

	/** A number with an optional leading sign token. */
	expectNumber(context: string): number {
		let sign = 1;
		const first = this.peek();
		if (this.isPunct('-') || this.isPunct('+')) {
			sign = this.isPunct('-') ? -1 : 1;
			this.pos++;
		}
		const t = this.peek();
		if (!t || t.kind !== 'number') this.fail(`expected ${context}${found(t)}`, t ?? first);
		this.pos++;
		return sign * t.value;
	}

	expectInteger(context: string): number {
		const t = this.peek();
		const v = this.expectNumber(context);
		if (!Number.isInteger(v)) this.fail(`expected ${context} to be an integer, got ${v}`, t);
		return v;
	}

	isNumberStart(): boolean {
		const t = this.peek();
		if (!t) return false;
		if (t.kind === 'number') return true;
		return (this.isPunct('-') || this.isPunct('+')) && this.peek(1)?.kind === 'number';
	}

	/** Skips to just past the next `;`; used for sections this parser does not model. */
	skipStatement(keyword: DbcToken): void {
		while (this.pos < this.tokens.length) {
			const t = this.tokens[this.pos++];
			if (t.kind === 'punct' && t.text === ';') return;
		}
		throw new DbcParseError(
			`${keyword.text} statement has no closing ';'`,
			keyword.line,
			keyword.column
		);
	}
}

function found(t: DbcToken | undefined): string {
	if (!t) return ' but the file ended';
	if (t.kind === 'string') return `, found a string "${t.text.slice(0, 20)}"`;
	return `, found '${t.text}'`;
}
