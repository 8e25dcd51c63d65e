import * as v from 'valibot';
import type { CsvLogMappingInput } from '../../logs/formats';
import { IMPORT_FORMATS } from './detect-format';

const Flag = v.pipe(
	v.optional(v.picklist(['0', '1', 'true', 'false']), '0'),
	v.transform((x) => x === '1' || x === 'true')
);

/** `POST /api/logs/import?name=&format=&keepPartial=&mapping=`: everything but the file, which is the body. */
export const ImportQuerySchema = v.object({
	name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)), 'Imported log'),
	format: v.optional(v.picklist(IMPORT_FORMATS), 'auto'),
	keepPartial: Flag,
	/** A CSV mapping as JSON (CsvLogMappingSchema); the CSV parser validates its fields. */
	mapping: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(16_384),
			v.rawTransform(({ dataset, addIssue, NEVER }) => {
				try {
					const parsed: unknown = JSON.parse(dataset.value);
					if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
						return parsed as CsvLogMappingInput;
				} catch {
					// reported below
				}
				addIssue({ message: 'mapping must be a JSON object' });
				return NEVER;
			})
		)
	)
});

export type ImportQuery = v.InferOutput<typeof ImportQuerySchema>;
