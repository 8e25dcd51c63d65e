import { fail, type ActionFailure } from '@sveltejs/kit';
import { AnalyticsInputError } from '../../analytics';
import { CsvLogError, DynoImportError, type DynoMappingProposal } from '../../logs/formats';
import { shopActionFailure } from '../shops/http-errors';

/**
 * For the dyno forms: a file that does not read (the mapping does not fit, a bad cell, too few points) fails with
 * 400 and why, plus what the detector found so the page can offer it; other typed errors as the shop forms answer
 * them (403 role, 404 vehicle/job, 400 fields); anything else rethrows to handleError.
 */
export function dynoActionFailure(
	err: unknown,
	echo: Record<string, unknown> = {}
): ActionFailure<
	{ message: string; proposal?: DynoMappingProposal | null } & Record<string, unknown>
> {
	if (err instanceof DynoImportError)
		return fail(400, { ...echo, message: err.message, proposal: err.proposal });
	if (err instanceof CsvLogError || err instanceof AnalyticsInputError)
		return fail(400, { ...echo, message: err.message });
	return shopActionFailure(err, echo);
}
