import { Writable } from 'node:stream';
import type { CliIo } from './io';

/** A CliIo that collects what a command writes. */
export function captureIo(signal: AbortSignal = new AbortController().signal) {
	const text = { out: '', err: '' };
	const sink = (key: 'out' | 'err') =>
		new Writable({
			write(chunk, _encoding, done) {
				text[key] += String(chunk);
				done();
			}
		});
	const io: CliIo = { stdout: sink('out'), stderr: sink('err'), signal };
	return { io, text };
}
