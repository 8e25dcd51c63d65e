import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Test-only helper: reads a file of the shared public test data (see /work/shared/data/README.md). */
export function sharedData(relative: string): string {
	return resolve('../shared/data', relative);
}

/** DBC files are Latin-1 on disk (protocols.md §8.1). */
export function readDbcText(relative: string): string {
	return readFileSync(sharedData(relative), 'latin1');
}
