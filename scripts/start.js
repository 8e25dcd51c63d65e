// Serves the built app (adapter-node) with defaults that suit a fresh clone: embedded PGlite in ./.data, port 3000.
// Migrations and the demo seed run in the server's init hook (src/hooks.server.ts).
import { existsSync } from 'node:fs';

process.env.PORT ??= '3000';
// Body caps are per route (src/lib/server/body-limit.ts: 9 MB, a streamed log import 1 GiB); adapter-node's single
// global cap would refuse large imports before the route could stream them.
process.env.BODY_SIZE_LIMIT ??= 'Infinity';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('No build found. Run `npm start` (it builds first) or `npm run build`.');
	process.exit(1);
}
console.log(`CarTech on http://localhost:${process.env.PORT}`);
await import('../build/index.js');
