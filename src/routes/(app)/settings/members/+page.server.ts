import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { InviteSchema, RoleChangeSchema } from '$lib/schemas/shop';
import { getDb } from '$lib/server/db';
import * as shops from '$lib/server/shops';
import { actorAllowedTo } from '$lib/server/shops/actor';
import { shopActionFailure } from '$lib/server/shops/http-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const actor = actorAllowedTo(locals, 'members.manage');
	const db = getDb();
	const [members, invitations] = await Promise.all([
		shops.listMembers(db, actor),
		shops.listPendingInvitations(db, actor)
	]);
	return {
		me: actor.userId,
		members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role })),
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			role: i.role,
			expiresAt: i.expiresAt.toISOString()
		}))
	};
};

/** Runs an owner's change; a typed refusal (last owner, not found) comes back as the form's message. */
async function run(fn: () => Promise<unknown>, done: string) {
	try {
		await fn();
	} catch (err) {
		return shopActionFailure(err);
	}
	return { message: done };
}

export const actions: Actions = {
	/** Email sending is a later slice: the owner gets the link to pass on, once (only its hash is stored). */
	invite: async ({ locals, request, url }) => {
		const actor = actorAllowedTo(locals, 'members.manage');
		const values = formFields(await request.formData(), ['email', 'role']);
		const parsed = v.safeParse(InviteSchema, values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		let invited: Awaited<ReturnType<typeof shops.createInvitation>>;
		try {
			invited = await shops.createInvitation(getDb(), actor, parsed.output);
		} catch (err) {
			return shopActionFailure(err, { values });
		}
		return {
			invited: {
				email: invited.email,
				role: invited.role,
				url: `${url.origin}/invite/${invited.token}`,
				expiresAt: invited.expiresAt.toISOString()
			}
		};
	},
	revoke: async ({ locals, request }) => {
		const actor = actorAllowedTo(locals, 'members.manage');
		const id = String((await request.formData()).get('invitationId') ?? '');
		return run(() => shops.revokeInvitation(getDb(), actor, id), 'Invitation revoked');
	},
	role: async ({ locals, request }) => {
		const actor = actorAllowedTo(locals, 'members.manage');
		const form = formFields(await request.formData(), ['userId', 'role']);
		const parsed = v.safeParse(RoleChangeSchema, form);
		if (!parsed.success) return fail(400, { message: v.summarize(parsed.issues) });
		const { userId, role } = parsed.output;
		return run(() => shops.changeMemberRole(getDb(), actor, userId, role), 'Role changed');
	},
	remove: async ({ locals, request }) => {
		const actor = actorAllowedTo(locals, 'members.manage');
		const userId = String((await request.formData()).get('userId') ?? '');
		return run(() => shops.removeMember(getDb(), actor, userId), 'Member removed');
	}
};
