import { createServer } from 'node:net';
import { runCli } from './run';
import { captureIo } from './test-io.test-helper';

/** Runs one command line in-process and returns its exit status and output. */
export async function cli(...argv: string[]) {
	const { io, text } = captureIo();
	const code = await runCli(argv, io);
	return { code, ...text };
}

/** A TCP port nothing listens on: bind an ephemeral one and release it. */
export async function closedPort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const address = probe.address();
	await new Promise((r) => probe.close(r));
	return typeof address === 'object' && address ? address.port : 1;
}

/** K-line inits in tens of ms instead of seconds. */
export const FAST_KLINE = { slowInitMs: 30, fastInitMs: 10, p2Ms: 2 };
