import { describe, expect, it } from 'vitest';
import { createTranscriptLink, TranscriptMismatchError } from './transcript-link';

describe('createTranscriptLink', () => {
	it('fails an unexpected request and remembers it for assertDone', async () => {
		const link = createTranscriptLink('=> 22 F1 90\n<= 62 F1 90 41');
		await expect(
			link.request(Uint8Array.of(0x22, 0xf1, 0x87), { timeoutMs: 10 })
		).rejects.toBeInstanceOf(TranscriptMismatchError);
		expect(() => link.assertDone()).toThrow(/expected => 22 F1 90, got => 22 F1 87/);
	});

	it('reports unplayed lines as leftovers', async () => {
		const link = createTranscriptLink('=> 3E 00\n<= 7E 00\n=> 3E 00');
		await link.request(Uint8Array.of(0x3e, 0x00), { timeoutMs: 10 });
		expect(() => link.assertDone()).toThrow(/unplayed transcript lines:\nline 3: => 3E 00/);
	});

	it('refuses lines it cannot read', () => {
		expect(() => createTranscriptLink('=> 3G')).toThrow(SyntaxError);
		expect(() => createTranscriptLink('=> +5ms 3E 00')).toThrow(SyntaxError);
	});
});
