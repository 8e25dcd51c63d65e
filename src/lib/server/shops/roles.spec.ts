import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { requireRole } from './roles';

const signedIn = (role: App.Locals['role']): App.Locals => ({
	user: { id: 'u', email: 'u@x.test', name: 'U' },
	session: {
		id: 's',
		userId: 'u',
		shopId: 'shop',
		createdAt: new Date(),
		lastUsedAt: new Date(),
		expiresAt: new Date(),
		userAgent: null,
		ip: null
	},
	shop: { id: 'shop', name: 'Shop' },
	role
});

function thrownBy(fn: () => unknown) {
	try {
		fn();
	} catch (e) {
		return e;
	}
}

describe('requireRole', () => {
	it('returns the signed-in user when their role is allowed', () => {
		expect(requireRole(signedIn('tuner'), ['owner', 'tuner'])).toMatchObject({
			user: { id: 'u' },
			shop: { id: 'shop' },
			role: 'tuner'
		});
	});

	it('throws 403 when the role is not allowed', () => {
		expect(
			isHttpError(
				thrownBy(() => requireRole(signedIn('technician'), ['owner'])),
				403
			)
		).toBe(true);
	});

	it('throws 401 when signed out', () => {
		const out = { user: null, session: null, shop: null, role: null };
		expect(
			isHttpError(
				thrownBy(() => requireRole(out, ['owner'])),
				401
			)
		).toBe(true);
	});
});
