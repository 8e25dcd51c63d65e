import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields, NewPasswordSchema } from '$lib/schemas/auth';
import * as auth from '$lib/server/auth';
import { getDb } from '$lib/server/db';
import * as shops from '$lib/server/shops';
import { shopActionFailure } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NameSchema = v.pipe(
	v.string('Enter your name'),
	v.trim(),
	v.nonEmpty('Enter your name'),
	v.maxLength(100)
);
const JoinSchema = v.object({ name: NameSchema, password: NewPasswordSchema });

/** Where a new member lands: the jobs list is every role's day. */
const LANDING = '/jobs';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	// The token is a bearer secret: no shared cache may keep the page; its meta tag keeps it out of Referers.
	setHeaders({ 'cache-control': 'no-store' });
	const found = await shops.findInvitation(getDb(), params.token);
	if (!found)
		error(404, 'This invitation is invalid, expired or already used. Ask the shop for a new one.');
	return {
		shopName: found.shopName,
		role: found.role,
		email: found.email,
		invitedByName: found.invitedByName,
		expiresAt: found.expiresAt.toISOString(),
		signedInAs: locals.user?.email ?? null
	};
};

async function startSession(event: RequestEvent, userId: string, shopId: string) {
	const { token, session } = await auth.createSession(getDb(), {
		userId,
		shopId,
		userAgent: event.request.headers.get('user-agent'),
		ip: event.getClientAddress()
	});
	auth.setSessionCookie(event.cookies, event.url, token, session.expiresAt);
}

export const actions: Actions = {
	/** Signed in as the invited email: join and switch this session to the shop. */
	accept: async ({ locals, params }) => {
		const { user, session } = auth.requireSession(locals);
		const db = getDb();
		try {
			const joined = await shops.acceptInvitation(db, { token: params.token, user });
			await shops.switchActiveShop(db, {
				sessionId: session.id,
				userId: user.id,
				shopId: joined.shopId
			});
		} catch (err) {
			return shopActionFailure(err);
		}
		redirect(303, LANDING);
	},
	/** An existing account signs in here, so even someone in no shop yet (who cannot sign in at /login) can join. */
	signin: async (event) => {
		const { params, request, getClientAddress, setHeaders } = event;
		const password = String((await request.formData()).get('password') ?? '');
		const db = getDb();
		const found = await shops.findInvitation(db, params.token);
		if (!found) return fail(404, { message: 'This invitation is no longer valid' });
		const limits = auth.getAuthLimits();
		const ip = getClientAddress();
		const decision = await limits.reserveSignIn(found.email, ip);
		if (!decision.allowed) {
			setHeaders({ 'retry-after': String(decision.retryAfterSeconds) });
			return fail(429, { message: 'Too many attempts. Try again later.' });
		}
		const user = await auth.authenticate(db, { email: found.email, password });
		if (!user) return fail(400, { message: 'Incorrect password' });
		await limits.recordSignInSuccess(found.email, ip);
		let shopId: string;
		try {
			({ shopId } = await shops.acceptInvitation(db, { token: params.token, user }));
		} catch (err) {
			return shopActionFailure(err);
		}
		await startSession(event, user.id, shopId);
		redirect(303, LANDING);
	},
	/** No account yet: create one under the invited email, in this shop only. */
	signup: async (event) => {
		const { params, request } = event;
		const values = formFields(await request.formData(), ['name', 'password']);
		const parsed = v.safeParse(JoinSchema, values);
		if (!parsed.success)
			return fail(400, { name: values.name, errors: fieldErrors(parsed.issues) });
		// No per-IP sign-up cap here: that cap stops one address spraying anonymous accounts, while this account is
		// authorised by an owner's single-use 256-bit token, and a shop onboarding its staff from the shop's one
		// address would otherwise be refused after five.
		let joined: Awaited<ReturnType<typeof shops.signUpWithInvitation>>;
		try {
			joined = await shops.signUpWithInvitation(getDb(), { token: params.token, ...parsed.output });
		} catch (err) {
			if (err instanceof auth.EmailTakenError)
				return fail(400, {
					name: values.name,
					message: 'You already have an account: sign in below to join'
				});
			return shopActionFailure(err, { name: values.name });
		}
		await startSession(event, joined.user.id, joined.shopId);
		redirect(303, LANDING);
	}
};
