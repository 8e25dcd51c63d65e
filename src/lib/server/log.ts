import pino from 'pino';

/**
 * The server's one logger: JSON lines on stdout for the container runtime to ship. It reads `process.env`
 * rather than `$env/dynamic/private` (STYLE R8) for the same reason as `db/index.ts`: the CLI and bench import
 * it under tsx, outside SvelteKit. Under vitest the default is `silent` so expected failures stay quiet.
 */
export const log = pino({
	level: process.env.LOG_LEVEL || (process.env.VITEST ? 'silent' : 'info'),
	base: { service: 'cartech' },
	redact: {
		paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie'],
		censor: '[redacted]'
	}
});
