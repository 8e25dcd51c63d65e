export class EmailTakenError extends Error {
	readonly email: string;
	constructor(email: string, options?: { cause?: unknown }) {
		super('An account with that email already exists', options);
		this.name = 'EmailTakenError';
		this.email = email;
	}
}

/** SQLSTATE 23505, reported by postgres.js and PGlite alike; drizzle wraps it in a `DrizzleQueryError` cause chain. */
export function isUniqueViolation(err: unknown): boolean {
	for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
