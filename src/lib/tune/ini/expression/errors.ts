/** What was wrong with an expression; every code is a compile-time finding, none is raised while evaluating. */
export type IniExpressionErrorCode =
	/** The text does not follow the grammar (a stray character, a missing operand or parenthesis). */
	| 'syntax'
	/** `{}` or whitespace only: nothing to evaluate. */
	| 'empty'
	/** Nesting beyond MAX_DEPTH: refused rather than risking the call stack. */
	| 'too-deep'
	/** A name the scope does not know (not a channel, constant, variable or setting). */
	| 'unknown-name'
	/** A call to a function the language does not have. */
	| 'unknown-function'
	/** A function called with the wrong number of arguments. */
	| 'arity'
	/** A value of the wrong kind: text in arithmetic, an array used as a number, a label list that is not one. */
	| 'type'
	/** `table(x, "file.inc")` whose file the scope cannot supply. */
	| 'unknown-table';

export interface IniExpressionErrorOptions {
	code: IniExpressionErrorCode;
	/** The expression text, without braces. */
	source: string;
	/** 0-based offset of the offending token in `source`. */
	offset: number;
	/** The name, function or table file the error is about, when there is one. */
	subject?: string;
	/** 1-based line of the expression's first character in its file. @default 1 */
	line?: number;
	/** 1-based column of the expression's first character on that line. @default 1 */
	column?: number;
	cause?: unknown;
}

/**
 * An expression in `{ … }` that cannot be compiled. `line` and `column` are 1-based and point at the offending
 * token: within the expression text, shifted by where the caller says the expression starts in its file.
 */
export class IniExpressionError extends Error {
	override name = 'IniExpressionError';
	readonly code: IniExpressionErrorCode;
	readonly source: string;
	readonly offset: number;
	readonly line: number;
	readonly column: number;
	readonly subject: string | undefined;

	constructor(message: string, options: IniExpressionErrorOptions) {
		const { line, column } = position(options);
		super(`line ${line}, column ${column}: ${message} in {${options.source}}`, {
			cause: options.cause
		});
		this.code = options.code;
		this.source = options.source;
		this.offset = options.offset;
		this.line = line;
		this.column = column;
		this.subject = options.subject;
	}
}

/**
 * Dependencies that loop (`a = { b + 1 }`, `b = { a }`): no evaluation order exists. `names` lists the loop in
 * order, starting and ending with the same name.
 */
export class ExpressionCycleError extends Error {
	override name = 'ExpressionCycleError';
	readonly names: readonly string[];

	constructor(names: readonly string[], what = 'expressions') {
		super(`${what} depend on each other in a loop: ${names.join(' → ')}`);
		this.names = names;
	}
}

function position(options: IniExpressionErrorOptions): { line: number; column: number } {
	const before = options.source.slice(0, Math.max(0, options.offset));
	const breaks = before.match(/\r\n|\r|\n/g)?.length ?? 0;
	const baseLine = options.line ?? 1;
	if (breaks === 0) return { line: baseLine, column: (options.column ?? 1) + before.length };
	const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
	return { line: baseLine + breaks, column: before.length - lastBreak };
}
