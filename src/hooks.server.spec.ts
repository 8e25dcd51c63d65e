import { describe, expect, it } from 'vitest';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { handleError } from './hooks.server';

describe('handleError', () => {
	it('returns a generic message with an errorId, never the error text', async () => {
		const { event } = fakeEvent();
		const body = await handleError({
			error: new Error('db password is hunter2'),
			event,
			status: 500,
			message: 'Internal Error'
		});
		expect(body).toEqual({ message: 'An unexpected error occurred', errorId: expect.any(String) });
		expect(body?.errorId).toMatch(/^[0-9a-f-]{36}$/);
	});
});
