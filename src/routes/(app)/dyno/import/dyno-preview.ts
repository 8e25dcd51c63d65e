import { AnalyticsInputError, curveFromPoints, curvePeaks, type CurvePeaks } from '$lib/analytics';
import {
	CsvLogError,
	DynoImportError,
	proposeDynoMapping,
	readDynoCsv,
	type DynoMappingInput,
	type DynoMappingProposal
} from '$lib/logs/formats';
import { CsvTableReader, type CsvTableHead } from '$lib/logs/formats/csv-table';

export interface DynoPreview {
	/** Header cells as the file has them: what a mapping names. */
	header: string[];
	/** What the detector makes of the header. */
	proposal: DynoMappingProposal | null;
	/** The mapping the file was read with (the given one, or the detected one). */
	mapping: DynoMappingInput | null;
	run: {
		rpm: number[];
		powerKw: number[];
		torqueNm: number[];
		peaks: CurvePeaks;
		points: number;
	} | null;
	error: string | null;
}

function readHead(text: string, mapping?: DynoMappingInput): CsvTableHead | null {
	let head: CsvTableHead | null = null;
	const reader = new CsvTableReader(
		{ head: (h) => (head = h), row: () => {}, mark: () => {} },
		{ delimiter: mapping?.delimiter, decimal: mapping?.decimal, headerLine: mapping?.headerLine }
	);
	try {
		reader.push(text);
		reader.end();
	} catch (err) {
		if (!(err instanceof CsvLogError)) throw err;
	}
	return head;
}

/**
 * Reads a dyno export in the browser with the importer the server uses (the file is small), so the mapping form
 * shows the file's columns, what was detected, and the run the mapping gives, before anything is sent.
 */
export async function previewDyno(text: string, mapping?: DynoMappingInput): Promise<DynoPreview> {
	const head = readHead(text, mapping);
	const preview: DynoPreview = {
		header: head?.header ?? [],
		proposal: head ? proposeDynoMapping(head) : null,
		mapping: null,
		run: null,
		error: head ? null : 'no header line with two or more columns'
	};
	if (!head) return preview;
	try {
		const run = await readDynoCsv(text, mapping ? { mapping } : {});
		preview.mapping = run.meta.mapping;
		const curve = curveFromPoints(run.points, { basis: 'wheel' });
		preview.run = {
			rpm: Array.from(curve.rpm),
			powerKw: Array.from(curve.powerKw),
			torqueNm: Array.from(curve.torqueNm),
			peaks: curvePeaks(curve),
			points: run.points.length
		};
	} catch (err) {
		const known =
			err instanceof DynoImportError ||
			err instanceof CsvLogError ||
			err instanceof AnalyticsInputError ||
			err instanceof TypeError;
		if (!known) throw err;
		preview.error = (err as Error).message;
	}
	return preview;
}
