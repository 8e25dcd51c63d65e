/** A DBC text that does not follow the grammar (protocols.md §8.1). `line` and `column` are 1-based. */
export class DbcParseError extends Error {
	override name = 'DbcParseError';
	readonly line: number;
	readonly column: number;

	constructor(message: string, line: number, column: number, options?: { cause?: unknown }) {
		super(`${message} (line ${line}, column ${column})`, options);
		this.line = line;
		this.column = column;
	}
}

/** A value or message that cannot be encoded as asked. */
export class DbcEncodeError extends Error {
	override name = 'DbcEncodeError';
	readonly messageName: string | undefined;
	readonly signalName: string | undefined;

	constructor(
		message: string,
		where: { messageName?: string; signalName?: string },
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.messageName = where.messageName;
		this.signalName = where.signalName;
	}
}

/** A frame whose payload length differs from the DBC's, when decoding strictly. */
export class DbcFrameLengthError extends Error {
	override name = 'DbcFrameLengthError';
	readonly expected: number;
	readonly actual: number;

	constructor(
		messageName: string,
		expected: number,
		actual: number,
		options?: { cause?: unknown }
	) {
		super(`${messageName}: wrong data size: ${actual} instead of ${expected} bytes`, options);
		this.expected = expected;
		this.actual = actual;
	}
}
