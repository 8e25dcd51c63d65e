/** A constant the tune or schema lacks, or whose value has the wrong kind or shape for what was asked. */
export class TuneValueError extends Error {
	override name = 'TuneValueError';
	readonly constant: string;

	constructor(constant: string, message: string, options?: { cause?: unknown }) {
		super(`${constant}: ${message}`, options);
		this.constant = constant;
	}
}

/**
 * An edit whose `before` values are not what the tune holds now (it was made against another version): applying
 * or undoing it would silently overwrite a newer change, so it is refused.
 */
export class EditConflictError extends Error {
	override name = 'EditConflictError';
	readonly constant: string;

	constructor(constant: string, message: string) {
		super(message);
		this.constant = constant;
	}
}
