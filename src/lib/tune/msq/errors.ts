/** The .msq text is not well-formed XML, or not the msq shape; `line` and `column` are 1-based (0 when unknown). */
export class MsqParseError extends Error {
	override name = 'MsqParseError';
	readonly line: number;
	readonly column: number;

	constructor(
		message: string,
		at: { line: number; column: number },
		options?: { cause?: unknown }
	) {
		super(at.line > 0 ? `line ${at.line}, column ${at.column}: ${message}` : message, options);
		this.line = at.line;
		this.column = at.column;
	}
}
