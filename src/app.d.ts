import type { ValidSession } from '$lib/server/auth/session';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		/** The shape `handleError` returns (STYLE R3); `errorId` finds the matching server log line. */
		interface Error {
			message: string;
			errorId?: string;
		}
		/** Filled by `authHandle`; all null when signed out. Whitelisted projections: no secret hash, no password hash. */
		interface Locals {
			user: ValidSession['user'] | null;
			session: ValidSession['session'] | null;
			shop: ValidSession['shop'] | null;
			role: ValidSession['role'] | null;
		}
	}
}

export {};
