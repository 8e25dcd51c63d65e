import type { Channel } from '../../analytics';
import type { Db } from '../db';
import { readSeries } from '../dyno/read-series';

/**
 * A whole channel of a stored log in the unit a computation needs (v·scale + offset), raw or averaged into bins of
 * `binUs`. The caller has checked the log is the shop's.
 */
export function readPicked(
	db: Db,
	log: { id: string; durationUs: number },
	c: { name: string; scale: number; offset: number },
	binUs?: number
): Promise<Channel> {
	return readSeries(db, {
		logId: log.id,
		channel: c.name,
		fromUs: 0,
		toUs: log.durationUs + 1,
		binUs,
		scale: c.scale,
		offset: c.offset
	});
}
