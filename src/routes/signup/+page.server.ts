import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields, SignUpSchema } from '$lib/schemas/auth';
import * as auth from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await request.formData();
		const fields = formFields(form, ['name', 'email', 'password', 'shopName']);
		const echo = {
			name: fields.name ?? '',
			email: fields.email ?? '',
			shopName: fields.shopName ?? ''
		};
		const parsed = v.safeParse(SignUpSchema, fields);
		if (!parsed.success) return fail(400, { ...echo, errors: fieldErrors(parsed.issues) });

		const ip = getClientAddress();
		const decision = await auth.getAuthLimits().reserveSignUp(ip);
		if (!decision.allowed) {
			setHeaders({ 'retry-after': String(decision.retryAfterSeconds) });
			return fail(429, {
				...echo,
				message: 'Too many accounts created from your network. Try later.'
			});
		}

		const db = getDb();
		try {
			const created = await auth.signUp(db, parsed.output);
			const { token, session } = await auth.createSession(db, {
				userId: created.user.id,
				shopId: created.shop.id,
				userAgent: request.headers.get('user-agent'),
				ip
			});
			auth.setSessionCookie(cookies, url, token, session.expiresAt);
		} catch (err) {
			if (err instanceof auth.EmailTakenError) {
				const errors: Record<string, string> = {
					email: 'An account with that email already exists'
				};
				return fail(400, { ...echo, errors });
			}
			throw err;
		}
		redirect(303, '/');
	}
};
