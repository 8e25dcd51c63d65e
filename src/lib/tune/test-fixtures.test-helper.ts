import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIni, type EcuDefinition } from './ini';
import type { LoadedTune, TuneSchema } from './model';
import { decodeLatin1, msqSettings, parseMsqDocument, type MsqDocument } from './msq/document';
import { loadMsq } from './tunerstudio/msq-format';
import { tunerStudioSchema } from './tunerstudio/schema';

/** The shipped Speeduino files, parsed once per test file: speeduino.ini with the msq's settings, and the msq. */
export const MSQ_BYTES = readFileSync(
	path.resolve('../shared/data/speeduino/Speeduino base tune.msq')
);
export const MSQ_TEXT = decodeLatin1(MSQ_BYTES);
export const INI_TEXT = readFileSync(
	path.resolve('../shared/data/speeduino/speeduino.ini'),
	'utf8'
);
export const SETTINGS = msqSettings(parseMsqDocument(MSQ_TEXT));
export const DEFINITION: EcuDefinition = parseIni(INI_TEXT, { settings: SETTINGS });
export const LOADED: LoadedTune<MsqDocument> = loadMsq(MSQ_TEXT, DEFINITION);
export const SCHEMA: TuneSchema = tunerStudioSchema(DEFINITION, LOADED.tune);
