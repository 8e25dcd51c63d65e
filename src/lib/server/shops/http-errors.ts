import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { httpErrorFor } from '$lib/server/http';
import { InvalidVinError } from '$lib/server/customers/vin';
import {
	IllegalTransitionError,
	InvitationEmailMismatchError,
	InvitationInvalidError,
	PermissionDeniedError,
	ShopConflictError
} from './errors';

function statusOf(err: unknown): number | null {
	if (err instanceof PermissionDeniedError || err instanceof InvitationEmailMismatchError)
		return 403;
	if (err instanceof InvitationInvalidError) return 404;
	if (err instanceof IllegalTransitionError || err instanceof ShopConflictError) return 409;
	if (err instanceof InvalidVinError) return 400;
	const name = (err as Error | null)?.name;
	if (name === 'NotFoundError') return 404;
	if (name === 'TypeError' || name === 'RangeError') return 400;
	return null;
}

/** For `load`: the shop modules' typed errors as HTTP errors (403/404/409/400); anything else rethrows. */
export function shopHttpError(err: unknown): never {
	const status = statusOf(err);
	if (status === null) return httpErrorFor(err);
	error(status, (err as Error).message);
}

/**
 * For form actions: a typed error becomes `fail(status, { message })`, so the form shows why and keeps its input;
 * anything else rethrows to `handleError`. Messages are the errors' own, written for users, never a stack.
 */
export function shopActionFailure<E extends Record<string, unknown> = Record<never, never>>(
	err: unknown,
	echo?: E
): ActionFailure<E & { message: string }> {
	const status = statusOf(err);
	if (status === null) throw err;
	return fail(status, { ...(echo as E), message: (err as Error).message });
}
