// `npm run bench`: prints the figures the issues set targets for. Numbers, not pass/fail.
import { benchDbcDecode } from './dbc-decode';
import { benchPipeline } from './pipeline';
import { benchIngest } from './ingest';

const only = process.argv[2];
const benches: [string, () => Promise<void>][] = [
	['dbc-decode', benchDbcDecode],
	['pipeline', benchPipeline],
	['ingest', benchIngest]
];
for (const [name, run] of benches) {
	if (only && only !== name) continue;
	console.log(`\n## ${name}`);
	await run();
}
