import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields, SignInSchema } from '$lib/schemas/auth';
import * as auth from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, auth.safeRedirectPath(url.searchParams.get('redirectTo')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await request.formData();
		const fields = formFields(form, ['email', 'password', 'redirectTo']);
		const email = fields.email ?? '';
		const parsed = v.safeParse(SignInSchema, fields);
		if (!parsed.success) return fail(400, { email, errors: fieldErrors(parsed.issues) });

		const result = await auth.signIn(getDb(), auth.getAuthLimits(), {
			...parsed.output,
			ip: getClientAddress(),
			userAgent: request.headers.get('user-agent')
		});
		if (result.status === 'rate_limited') {
			// RFC 9110 §10.2.3: delay-seconds.
			setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, {
				email,
				message: `Too many sign-in attempts. Try again in ${formatWait(result.retryAfterSeconds)}.`,
				retryAfterSeconds: result.retryAfterSeconds
			});
		}
		if (result.status === 'invalid_credentials') {
			return fail(400, { email, message: 'Incorrect email or password' });
		}
		if (result.status === 'no_shop') {
			return fail(403, { email, message: 'Your account is not a member of any shop' });
		}

		auth.setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, auth.safeRedirectPath(fields.redirectTo));
	}
};

function formatWait(seconds: number): string {
	if (seconds < 90) return `${seconds} seconds`;
	const minutes = Math.ceil(seconds / 60);
	return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
