/** A safety profile or override that does not validate; `issues` are one readable line each (path: message). */
export class SafetyProfileError extends Error {
	readonly issues: readonly string[];

	constructor(message: string, issues: readonly string[], options?: { cause?: unknown }) {
		super(`${message}: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? '; …' : ''}`, options);
		this.name = 'SafetyProfileError';
		this.issues = issues;
	}
}

/** A call the engine cannot honour, such as acknowledging a rule id the profile does not have. */
export class SafetyEngineError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'SafetyEngineError';
	}
}
