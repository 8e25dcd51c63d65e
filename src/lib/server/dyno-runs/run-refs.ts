/**
 * A run on the dyno compare page, as it travels in the URL: `run:<id>` for a stored dyno run, `log:<id>:<pull>`
 * for the virtual dyno of a log's pull (0 = first pull). `?runs=` takes a comma list, repeated or not, so both a
 * bookmarked link and a GET form with several `runs` fields work.
 */
export type RunRef = { kind: 'run'; id: string } | { kind: 'log'; id: string; pull: number };

/** More curves than this on one chart stop being readable. */
export const MAX_COMPARED_RUNS = 6;

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function runRefToken(ref: RunRef): string {
	return ref.kind === 'run' ? `run:${ref.id}` : `log:${ref.id}:${ref.pull}`;
}

/** One token, or null when it is not one (ignored, so a stale bookmark still opens). */
export function parseRunRef(token: string): RunRef | null {
	const [kind, id, pull, ...rest] = token.trim().split(':');
	if (rest.length > 0 || !id || !ID.test(id)) return null;
	if (kind === 'run' && pull === undefined) return { kind, id };
	if (kind !== 'log') return null;
	const n = pull === undefined ? 0 : Number(pull);
	return Number.isInteger(n) && n >= 0 && n < 1000 ? { kind, id, pull: n } : null;
}

/** The distinct runs asked for, in order, at most {@link MAX_COMPARED_RUNS}. */
export function parseRunRefs(params: URLSearchParams): RunRef[] {
	const seen = new Set<string>();
	const out: RunRef[] = [];
	for (const value of params.getAll('runs')) {
		for (const token of value.split(',')) {
			const ref = parseRunRef(token);
			if (!ref) continue;
			const key = runRefToken(ref);
			if (seen.has(key) || out.length >= MAX_COMPARED_RUNS) continue;
			seen.add(key);
			out.push(ref);
		}
	}
	return out;
}
