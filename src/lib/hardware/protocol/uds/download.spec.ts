import { describe, expect, it } from 'vitest';
import { hex } from './bytes';
import { UdsClient } from './client';
import { NegativeResponseError, UdsProtocolError } from './errors';
import { createTranscriptLink } from './transcript-link';

/** 300 blocks of 8 data bytes: the counter must run 01…FF, 00, 01…2C. */
function downloadTranscript(data: Uint8Array, blockData: number): string {
	const lines = ['=> 34 00 44 00 08 00 00 00 00 09 60', `<= 74 20 00 ${hex([blockData + 2])}`];
	let counter = 1;
	for (let at = 0; at < data.length; at += blockData) {
		lines.push(`=> 36 ${hex([counter])} ${hex(data.subarray(at, at + blockData))}`);
		lines.push(`<= 76 ${hex([counter])}`);
		counter = (counter + 1) & 0xff;
	}
	lines.push('=> 37', '<= 77');
	return lines.join('\n');
}

describe('UdsClient.download', () => {
	it('wraps the block sequence counter FF → 00 in a download of more than 255 blocks', async () => {
		const data = Uint8Array.from({ length: 2400 }, (_, i) => (i * 7) & 0xff);
		const transcript = downloadTranscript(data, 8);
		expect(transcript).toContain('=> 36 FF ');
		expect(transcript).toContain('=> 36 00 ');
		const link = createTranscriptLink(transcript);
		const progress: number[] = [];
		const result = await new UdsClient({ link }).download(0x00080000, data, {
			onProgress: (sent) => progress.push(sent)
		});
		expect(result).toEqual({
			maxNumberOfBlockLength: 10,
			blocks: 300,
			exitRecord: new Uint8Array()
		});
		expect(progress.at(-1)).toBe(2400);
		link.assertDone();
	});

	it('caps blocks at the link limit when the ECU accepts more', async () => {
		const link = createTranscriptLink(`
			=> 34 00 44 00 00 10 00 00 00 00 05
			<= 74 20 0F FF
			=> 36 01 01 02 03
			<= 76 01
			=> 36 02 04 05
			<= 76 02
			=> 37 AB CD
			<= 77 AB CD
		`);
		const result = await new UdsClient({ link }).download(0x1000, Uint8Array.of(1, 2, 3, 4, 5), {
			maxBlockLength: 5,
			exitParameterRecord: Uint8Array.of(0xab, 0xcd)
		});
		expect(hex(result.exitRecord)).toBe('AB CD');
		link.assertDone();
	});

	it('stops at a wrongBlockSequenceCounter NRC', async () => {
		const link = createTranscriptLink(`
			=> 34 00 44 00 00 10 00 00 00 00 02
			<= 74 10 04
			=> 36 01 AA BB
			<= 7F 36 73
		`);
		const error = await new UdsClient({ link })
			.download(0x1000, Uint8Array.of(0xaa, 0xbb))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NegativeResponseError);
		expect(error).toMatchObject({ nrcName: 'wrongBlockSequenceCounter' });
		link.assertDone();
	});

	it('rejects a TransferData reply that echoes the wrong counter', async () => {
		const link = createTranscriptLink(`
			=> 34 00 44 00 00 10 00 00 00 00 01
			<= 74 10 04
			=> 36 01 AA
			<= 76 02
		`);
		await expect(
			new UdsClient({ link }).download(0x1000, Uint8Array.of(0xaa))
		).rejects.toBeInstanceOf(UdsProtocolError);
	});

	it('refuses an empty image before talking to the ECU', async () => {
		const link = createTranscriptLink('');
		await expect(new UdsClient({ link }).download(0, new Uint8Array())).rejects.toBeInstanceOf(
			RangeError
		);
		link.assertDone();
	});
});
