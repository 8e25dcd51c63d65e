import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * OWASP Password Storage Cheat Sheet, "Argon2id": m=19456 KiB (19 MiB), t=2, p=1. `Algorithm` is an ambient const
 * enum, which `isolatedModules` forbids reading at runtime, so the literal is checked against it at type level.
 */
export const ARGON2_OPTIONS = {
	algorithm: 2 satisfies Algorithm.Argon2id,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const satisfies Options;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), ARGON2_OPTIONS);
}

/** A malformed stored hash is a broken invariant, not a wrong password, so it throws rather than returning false. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password.normalize('NFKC'));
}

/** True when a stored hash was made with weaker or different parameters than today's policy. */
export function needsRehash(passwordHash: string): boolean {
	const o = parseOptions(passwordHash);
	return (
		o.algorithm !== ARGON2_OPTIONS.algorithm ||
		o.memoryCost !== ARGON2_OPTIONS.memoryCost ||
		o.timeCost !== ARGON2_OPTIONS.timeCost ||
		o.parallelism !== ARGON2_OPTIONS.parallelism
	);
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same argon2id work as a real check when the email is unknown, so response time does not reveal
 * which emails have accounts (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export async function verifyDummyPassword(password: string): Promise<false> {
	dummyHash ??= hashPassword('cartech-timing-equaliser');
	await verifyPassword(await dummyHash, password);
	return false;
}
