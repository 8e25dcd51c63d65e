/** The upload is larger than the import cap; nothing of it is kept. */
export class ImportTooLargeError extends Error {
	override name = 'ImportTooLargeError';
	readonly maxBytes: number;
	constructor(maxBytes: number, options?: { cause?: unknown }) {
		super(`the file exceeds the import limit of ${maxBytes} bytes`, options);
		this.maxBytes = maxBytes;
	}
}
