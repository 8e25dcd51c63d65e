/** The definition text does not follow the .ini grammar; `line` is 1-based in the original text. */
export class IniParseError extends Error {
	override name = 'IniParseError';
	readonly line: number;

	constructor(message: string, line: number, options?: { cause?: unknown }) {
		super(line > 0 ? `line ${line}: ${message}` : message, options);
		this.line = line;
	}
}
