import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 20 random bytes → 32 base32 characters, 160 bits: above the 120 bits Lucia's guide asks of a session secret. */
export function generateRandomId(bytes = 20): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}
