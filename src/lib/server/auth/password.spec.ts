import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password';

describe('password hashing', () => {
	it('hashes with argon2id at the OWASP parameters m=19456 KiB, t=2, p=1', async () => {
		const encoded = await hashPassword('correct horse battery staple');
		expect(encoded).toMatch(
			/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]{43}$/
		);
	});

	it('accepts the right password and rejects a wrong one', async () => {
		const encoded = await hashPassword('correct horse battery staple');
		expect(await verifyPassword(encoded, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(encoded, 'correct horse battery stapler')).toBe(false);
	});

	it('salts every hash so equal passwords do not produce equal hashes', async () => {
		expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
	});

	it('treats canonically equivalent Unicode spellings as the same password', async () => {
		const composed = 'caf\u00e9-tuning';
		const decomposed = 'cafe\u0301-tuning';
		expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
	});

	it('flags hashes made with weaker parameters for rehashing, and not current ones', async () => {
		const weak = await hash('pw-123456', { memoryCost: 4096, timeCost: 3, parallelism: 1 });
		expect(needsRehash(weak)).toBe(true);
		expect(needsRehash(await hashPassword('pw-123456'))).toBe(false);
	});

	it('dummy verification always fails', async () => {
		expect(await verifyDummyPassword('cartech-timing-equaliser')).toBe(false);
	});
});
