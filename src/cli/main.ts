import { runCli } from './run';

// The process entry (bin/cartech.js runs it through tsx). Ctrl-C asks the running command to stop and clean
// up; a second Ctrl-C exits at once, for a command stuck on a dead adapter.
const controller = new AbortController();
process.on('SIGINT', () => {
	if (controller.signal.aborted) process.exit(130);
	controller.abort();
});
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
	// `cartech decode … | head` closes the pipe early; that is the reader's choice, not a failure.
	if (err.code === 'EPIPE') process.exit(0);
	throw err;
});

process.exitCode = await runCli(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	signal: controller.signal
});
