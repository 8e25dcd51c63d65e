import type { Writable } from 'node:stream';

/** Where a command writes and what stops it; main.ts binds it to the process, tests to buffers. */
export interface CliIo {
	stdout: Writable;
	stderr: Writable;
	/** Aborted on Ctrl-C: long-running commands (watch, emulate, dump) stop cleanly and exit 0. */
	signal: AbortSignal;
}

/** Writes and waits for `drain` when the stream's buffer is full, so piping a big decode into `head` or a slow disk stays bounded. */
export function write(stream: Writable, text: string): Promise<void> {
	if (stream.write(text)) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const done = (err?: Error) => {
			stream.off('drain', done);
			stream.off('error', done);
			if (err) reject(err);
			else resolve();
		};
		stream.once('drain', done);
		stream.once('error', done);
	});
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, { once: true });
	});
}
