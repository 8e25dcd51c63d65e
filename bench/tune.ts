// Tune module figures: speeduino.ini parse time, .msq load/save time for the shipped base tune, and VE Analyze on a
// 10-minute 100 Hz log. Prints milliseconds (median of several rounds after a warm-up), asserts nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticLog, random } from '../src/lib/tune/autotune/synthetic-log.test-helper';
import { analyzeVe } from '../src/lib/tune/autotune/ve-analyze';
import { parseIni } from '../src/lib/tune/ini';
import {
	decodeLatin1,
	encodeLatin1,
	msqSettings,
	parseMsqDocument
} from '../src/lib/tune/msq/document';
import { tableView } from '../src/lib/tune/table/view';
import { loadMsq, saveMsq } from '../src/lib/tune/tunerstudio/msq-format';
import { tuneToPages } from '../src/lib/tune/tunerstudio/pages';
import { tunerStudioSchema } from '../src/lib/tune/tunerstudio/schema';
import { validateTune } from '../src/lib/tune/validate/validate';

const DATA = resolve(fileURLToPath(import.meta.url), '../../../shared/data/speeduino');
const INI = readFileSync(resolve(DATA, 'speeduino.ini'), 'utf8');
const MSQ = readFileSync(resolve(DATA, 'Speeduino base tune.msq'));

/** Median wall time of `rounds` runs after `warmup` unmeasured ones, in ms. */
function time(run: () => unknown, rounds = 15, warmup = 3): number {
	for (let i = 0; i < warmup; i++) run();
	const times: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const t0 = performance.now();
		run();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return times[times.length >> 1];
}

export async function benchTune(): Promise<void> {
	const text = decodeLatin1(MSQ);
	const settings = msqSettings(parseMsqDocument(text));
	const definition = parseIni(INI, { settings });
	const parse = time(() => parseIni(INI, { settings }));
	console.log(
		`speeduino.ini parse (${(INI.length / 1024).toFixed(0)} KiB, all sections): ${parse.toFixed(1)} ms`
	);

	const loaded = loadMsq(text, definition);
	const load = time(() => loadMsq(decodeLatin1(MSQ), definition));
	const save = time(() =>
		encodeLatin1(saveMsq(loaded.tune, definition, { base: loaded.document }))
	);
	const values = Object.keys(loaded.tune.values).length;
	console.log(
		`.msq load (${(MSQ.length / 1024).toFixed(0)} KiB, ${values} values): ${load.toFixed(1)} ms`
	);
	console.log(`.msq save onto its document: ${save.toFixed(1)} ms`);
	const schema = tunerStudioSchema(definition, loaded.tune);
	const pages = time(() => tuneToPages(loaded.tune, definition));
	const validate = time(() => validateTune(loaded.tune, schema));
	console.log(
		`tune → page images: ${pages.toFixed(1)} ms; validateTune: ${validate.toFixed(2)} ms`
	);

	const ve = tableView(loaded.tune, schema, 'veTable1Tbl');
	const rnd = random(42);
	const truth = ve.z.map((row) => row.map((v) => v * (1 + 0.24 * (rnd() - 0.5))));
	const log = syntheticLog({ x: ve.x, y: ve.y, table: ve.z, truth }, { seconds: 600, seed: 7 });
	let proposals = 0;
	const analyze = time(
		() => {
			proposals = analyzeVe({ ...ve, ve: ve.z }, log, { lambdaDelayMs: 100 }).proposals.length;
		},
		5,
		1
	);
	const average = time(
		() => analyzeVe({ ...ve, ve: ve.z }, log, { lambdaDelayMs: 100, method: 'weighted-average' }),
		5,
		1
	);
	console.log(
		`VE Analyze, 10 min at 100 Hz (${log.length} samples, 16×16): ${analyze.toFixed(0)} ms least squares ` +
			`(${proposals} cells proposed), ${average.toFixed(0)} ms weighted average`
	);
}
