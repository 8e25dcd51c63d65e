import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';

/** 32 random bytes as unpadded base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 256 bits from the CSPRNG: unguessable without rate limiting (lucia-auth.com "Basic session implementation"). */
export function generateReportToken(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return encodeBase64urlNoPadding(bytes);
}

/**
 * What the database stores instead of the token, so a leaked dump or backup grants no report access.
 * A lookup by this hash leaks nothing useful through timing: learning hash prefixes does not help forge
 * a token.
 */
export function hashReportToken(token: string): Uint8Array {
	return sha256(new TextEncoder().encode(token));
}

export function isReportTokenShape(token: string): boolean {
	return TOKEN_PATTERN.test(token);
}
