// Serves the built app (adapter-node) with defaults that suit a fresh clone: embedded PGlite in ./.data, port 3000.
// Migrations and the demo seed run in the server's init hook (src/hooks.server.ts).
import { existsSync } from 'node:fs';

process.env.PORT ??= '3000';
// A chunk upload may be up to 8 MiB (CHUNK_LIMITS.maxBytes); adapter-node's default cap is 512 KiB.
process.env.BODY_SIZE_LIMIT ??= '9M';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('No build found. Run `npm start` (it builds first) or `npm run build`.');
	process.exit(1);
}
console.log(`CarTech on http://localhost:${process.env.PORT}`);
await import('../build/index.js');
