// `npm run bench`: prints the figures the issues set targets for. Numbers, not pass/fail.
import { benchAnalytics } from './analytics';
import { benchBrowserLatency } from './browser-latency';
import { benchDbcDecode } from './dbc-decode';
import { benchElm327 } from './elm327';
import { benchGsUsb } from './gs-usb';
import { benchIngest } from './ingest';
import { benchIniExpressions } from './ini-expressions';
import { benchIsoTp } from './isotp';
import { benchLogFormats } from './log-formats';
import { benchLogImport } from './log-import';
import { benchOpenPort } from './openport';
import { benchPanda } from './panda';
import { benchPipeline } from './pipeline';
import { benchSafety } from './safety';
import { benchSimulatedVehicle } from './simulated-vehicle';
import { benchSlcan } from './slcan';
import { benchTune } from './tune';
import { benchTunerStudio } from './tunerstudio';

const only = process.argv[2];
const benches: [string, () => Promise<void>][] = [
	['dbc-decode', benchDbcDecode],
	['gs-usb', benchGsUsb],
	['slcan', benchSlcan],
	['elm327', benchElm327],
	['tunerstudio', benchTunerStudio],
	['ini-expressions', benchIniExpressions],
	['isotp', benchIsoTp],
	['panda', benchPanda],
	['openport', benchOpenPort],
	['simulated-vehicle', benchSimulatedVehicle],
	['pipeline', benchPipeline],
	['safety', benchSafety],
	['browser-latency', benchBrowserLatency],
	['ingest', benchIngest],
	['log-formats', benchLogFormats],
	['log-import', benchLogImport],
	['analytics', benchAnalytics],
	['tune', benchTune]
];
for (const [name, run] of benches) {
	if (only && only !== name) continue;
	console.log(`\n## ${name}`);
	await run();
}
