import * as v from 'valibot';
import { textChunks, type TextSource } from './byte-source';
import { CsvLogError, CsvTableReader, type CsvTableHead } from './csv-table';
import { proposeDynoMapping, type DynoMappingProposal } from './dyno-detect';
import {
	DynoMappingSchema,
	type DynoMapping,
	type DynoMappingInput,
	type DynoQuantity
} from './dyno-mapping';
import { dynoPoint, type DynoPoint, type DynoRun, type DynoSample } from './dyno-run';
import {
	FORCE_TO_N,
	POWER_TO_KW,
	PRESSURE_TO_KPA,
	SPEED_TO_KMH,
	TIME_TO_S,
	TORQUE_TO_NM
} from './units';

/** A dyno export that does not fit its mapping (a mapped column is missing, or none was recognised). */
export class DynoImportError extends Error {
	override name = 'DynoImportError';
	readonly line: number;
	/** The auto-detection result when no mapping was given, so the UI can show what it found. */
	readonly proposal: DynoMappingProposal | null;
	constructor(
		message: string,
		line: number,
		proposal: DynoMappingProposal | null = null,
		options?: { cause?: unknown }
	) {
		super(`${message} (line ${line})`, options);
		this.line = line;
		this.proposal = proposal;
	}
}

export interface DynoCsvOptions {
	/** A saved mapping; without one the importer proposes one from the header (see proposeDynoMapping). */
	mapping?: DynoMappingInput;
	/** For byte input. @default 'utf-8' */
	encoding?: string;
}

/** Factor to CarTech's unit for each mapped quantity; AFR, lambda and rpm are taken as they are. */
const FACTORS: Record<DynoQuantity, Record<string, number> | null> = {
	rpm: null,
	power: POWER_TO_KW,
	torque: TORQUE_TO_NM,
	speed: SPEED_TO_KMH,
	force: FORCE_TO_N,
	afr: null,
	lambda: null,
	boost: PRESSURE_TO_KPA,
	time: TIME_TO_S
};
const SAMPLE_KEY = {
	rpm: 'rpm',
	power: 'powerKw',
	torque: 'torqueNm',
	speed: 'speedKmh',
	force: 'forceN',
	afr: 'afr',
	lambda: 'lambda',
	boost: 'boostKpa',
	time: 'timeS'
} as const satisfies Record<DynoQuantity, keyof DynoSample>;

function parseDynoMapping(input: DynoMappingInput): DynoMapping {
	const parsed = v.safeParse(DynoMappingSchema, input);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0];
	throw new TypeError(`dyno mapping: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim(), {
		cause: new v.ValiError(parsed.issues)
	});
}

/** Finds a mapped column by its header text: exact, then ignoring case and spacing. */
function columnIndex(header: readonly string[], column: string): number {
	const exact = header.indexOf(column);
	if (exact >= 0) return exact;
	const norm = (s: string) => s.toLowerCase().replaceAll(/\s+/g, ' ').trim();
	return header.findIndex((h) => norm(h) === norm(column));
}

/**
 * Imports a Dynojet-, Mainline- or Dynocom-style CSV export (or any CSV with an rpm column and power or torque)
 * into a {@link DynoRun} in kW, N·m and km/h. Missing power or torque is computed from the other and rpm.
 * @throws DynoImportError when the mapping does not fit the file; CsvLogError naming line and column for a bad cell.
 */
export async function readDynoCsv(
	source: TextSource,
	options: DynoCsvOptions = {}
): Promise<DynoRun> {
	const given = options.mapping ? parseDynoMapping(options.mapping) : null;
	const points: DynoPoint[] = [];
	let run: DynoRun | null = null;
	let plan: { quantity: DynoQuantity; index: number; factor: number }[] = [];
	let header: readonly string[] = [];
	let skippedRows = 0;

	const begin = (head: CsvTableHead) => {
		header = head.header;
		let mapping = given;
		if (!mapping) {
			const proposal = proposeDynoMapping(head);
			if (!proposal.mapping)
				throw new DynoImportError(
					`no ${proposal.missing.join(' and no ')} column among: ${head.header.join(', ')}`,
					head.headerLine,
					proposal
				);
			mapping = parseDynoMapping(proposal.mapping);
		}
		plan = Object.entries(mapping.columns).map(([q, ref]) => {
			const quantity = q as DynoQuantity;
			const index = columnIndex(head.header, ref.column);
			if (index < 0)
				throw new DynoImportError(
					`the ${quantity} column "${ref.column}" is not in the header (${head.header.join(', ')})`,
					head.headerLine
				);
			const table = FACTORS[quantity];
			const factor = table && 'unit' in ref ? table[ref.unit as string] : 1;
			return { quantity, index, factor };
		});
		run = {
			points,
			meta: {
				vendor: mapping.vendor,
				...(mapping.name ? { mappingName: mapping.name } : {}),
				info: [...head.preamble],
				mapping,
				derived: { power: !mapping.columns.power, torque: !mapping.columns.torque },
				skippedRows: 0
			}
		};
	};

	const table: CsvTableReader = new CsvTableReader(
		{
			head: begin,
			mark: () => {},
			row: (cells, line) => {
				const sample: DynoSample = { rpm: NaN };
				for (const { quantity, index, factor } of plan) {
					const cell = cells[index];
					if (cell.trim() === '') continue;
					const x = table.number(cell);
					if (!Number.isFinite(x))
						throw new CsvLogError(`"${cell.trim().slice(0, 40)}" is not a number`, {
							line,
							column: index + 1,
							columnName: header[index]
						});
					sample[SAMPLE_KEY[quantity]] = x * factor;
				}
				const point = Number.isFinite(sample.rpm) ? dynoPoint(sample) : null;
				if (point) points.push(point);
				else skippedRows++;
			}
		},
		given ?? {}
	);
	for await (const text of textChunks(source, { encoding: options.encoding })) table.push(text);
	table.end();
	const done = run as DynoRun | null;
	if (!done) throw new DynoImportError('the file has no header', 1);
	done.meta.skippedRows = skippedRows;
	return done;
}
