import { error } from '@sveltejs/kit';
import { MAX_QUERY_POINTS } from '$lib/server/timeseries';

/** Parses `?channel=&from=&to=&points=` (µs since log start) for the series endpoints, or answers 400. */
export function parseSeriesQuery(url: URL) {
	const channel = url.searchParams.get('channel');
	if (!channel) error(400, 'channel is required');
	const fromUs = Number(url.searchParams.get('from') ?? 0);
	const toUs = Number(url.searchParams.get('to') ?? Number.MAX_SAFE_INTEGER);
	const maxPoints = Number(url.searchParams.get('points') ?? 2000);
	if (![fromUs, toUs, maxPoints].every(Number.isFinite) || fromUs < 0 || toUs <= fromUs)
		error(400, 'from/to/points must be numbers with 0 ≤ from < to');
	if (maxPoints < 2 || maxPoints > MAX_QUERY_POINTS)
		error(400, `points must be 2..${MAX_QUERY_POINTS}`);
	return { channel, fromUs, toUs, maxPoints };
}
