import { describe, expect, it } from 'vitest';
import { networkIndicator } from './network-indicator';

describe('networkIndicator', () => {
	it('says Online when connected with nothing to send', () => {
		expect(networkIndicator(true, { pending: 0, rejected: 0 })).toEqual({
			state: 'online',
			text: 'Online'
		});
	});

	it('says what is syncing while uploads are pending', () => {
		expect(networkIndicator(true, { pending: 12, rejected: 0 })).toEqual({
			state: 'syncing',
			text: 'Syncing 12 chunks'
		});
		expect(networkIndicator(true, { pending: 1, rejected: 0 }).text).toBe('Syncing 1 chunk');
	});

	it('says Offline, and what waits on this device, without the network', () => {
		expect(networkIndicator(false, { pending: 0, rejected: 0 })).toEqual({
			state: 'offline',
			text: 'Offline'
		});
		expect(networkIndicator(false, { pending: 5, rejected: 0 }).text).toBe(
			'Offline · 5 chunks waiting'
		);
	});

	it('names rejected uploads in every state, since they need a person', () => {
		expect(networkIndicator(true, { pending: 0, rejected: 2 }).text).toBe('Online · 2 rejected');
		expect(networkIndicator(true, { pending: 3, rejected: 1 }).text).toBe(
			'Syncing 3 chunks · 1 rejected'
		);
		expect(networkIndicator(false, { pending: 3, rejected: 1 }).text).toBe(
			'Offline · 3 chunks waiting · 1 rejected'
		);
	});
});
