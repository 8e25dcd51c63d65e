import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileExpression, definitionScope, parseIni } from '../src/lib/tune/ini';
import { readIniLines } from '../src/lib/tune/ini/ini-lines';
import { splitFields } from '../src/lib/tune/ini/fields';
import {
	compileOutputChannels,
	decodeOutputChannels
} from '../src/lib/hardware/protocol/tunerstudio/output-channels';
import { msqPageImages, readMsq } from '../src/lib/hardware/emulators/msq-pages';

const INI = readFileSync(path.resolve('../shared/data/speeduino/speeduino.ini'), 'utf8');
const MSQ = readMsq(
	readFileSync(path.resolve('../shared/data/speeduino/Speeduino base tune.msq'), 'latin1')
);
const definition = parseIni(INI, { settings: MSQ.settings });
const { pages } = msqPageImages(MSQ, definition);

/** Every computed channel of speeduino.ini, evaluated after each realtime block's raw fields. */
function benchComputedChannels(): void {
	const layout = compileOutputChannels(definition, { pages });
	const block = Uint8Array.from({ length: layout.blockSize }, (_, i) => (i * 37 + 11) & 0xff);
	const into: Record<string, number> = {};
	const rawOnly = { ...layout, computed: [] };
	const n = 200_000;
	for (let i = 0; i < 20_000; i++) decodeOutputChannels(layout, block, into);
	let t0 = performance.now();
	for (let i = 0; i < n; i++) {
		block[14] = i;
		decodeOutputChannels(rawOnly, block, into);
	}
	const rawMs = performance.now() - t0;
	t0 = performance.now();
	for (let i = 0; i < n; i++) {
		block[14] = i;
		decodeOutputChannels(layout, block, into);
	}
	const allMs = performance.now() - t0;
	const perBlock = layout.computed.length;
	const computedMs = Math.max(allMs - rawMs, 1e-9);
	console.log(
		`computed output channels: ${((((n * perBlock) / computedMs) * 1000) / 1e6).toFixed(1)} M evaluations/s ` +
			`(${perBlock} per block, ${(((n / computedMs) * 1000) / 1e3).toFixed(0)} k blocks/s for the computed part; ` +
			`whole decode ${(((n / allMs) * 1000) / 1e3).toFixed(0)} k blocks/s vs ${(((n / rawMs) * 1000) / 1e3).toFixed(0)} k raw-only)`
	);
}

/** Parse + compile of every active `{ … }` in speeduino.ini, as loading a definition does. */
function benchCompile(): void {
	const channels = new Set(definition.outputChannels.channels.map((c) => c.name));
	const scope = definitionScope(definition, {
		pages,
		inputs: (name) =>
			channels.has(name) || name === 'refTime' || name === 'adcValue' ? 'number' : undefined,
		table: () => (x) => x
	});
	const sources: string[] = [];
	for (const e of readIniLines(INI, { settings: MSQ.settings }).entries) {
		let fields;
		try {
			fields = splitFields(e.value, e.line);
		} catch {
			continue; // the one unterminated brace in the shipped file
		}
		for (const f of fields) if (f.kind === 'expression' && f.source.trim()) sources.push(f.source);
	}
	const rounds = 50;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) for (const s of sources) compileExpression(s, scope);
	const ms = performance.now() - t0;
	console.log(
		`compileExpression: ${((((sources.length * rounds) / ms) * 1000) / 1e3).toFixed(0)} k expressions/s ` +
			`(${sources.length} active expressions in speeduino.ini, ${(ms / rounds).toFixed(1)} ms per definition)`
	);
}

export async function benchIniExpressions(): Promise<void> {
	benchComputedChannels();
	benchCompile();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIniExpressions();
