import type { CanFrame } from '../lib/hardware/protocol/can-frame';
import { parseCanId } from './can-id';
import { UsageError } from './usage-error';

/** Passes frames of the same id width with `(frame.id & mask) === (id & mask)`, as candump's `ID:MASK`. */
export interface CanIdFilter {
	id: number;
	mask: number;
	extended: boolean;
}

/** `ID` (exact match) or `ID:MASK`, both hex; 8 id digits or an id above 7FF make it a 29-bit filter. */
export function parseCanFilter(text: string, usage: string): CanIdFilter {
	const [idText, maskText, ...rest] = text.split(':');
	if (rest.length > 0) throw new UsageError(`--filter ${text}: expected ID or ID:MASK`, usage);
	const { id, extended } = parseCanId(idText, '--filter', usage);
	const full = extended ? 0x1fffffff : 0x7ff;
	if (maskText === undefined) return { id, mask: full, extended };
	const m = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(maskText);
	const mask = m ? parseInt(m[1], 16) : NaN;
	if (!m || mask > full) {
		throw new UsageError(
			`--filter ${text}: the mask must be hex within ${full.toString(16).toUpperCase()}`,
			usage
		);
	}
	return { id: id & mask, mask, extended };
}

/** True when no filter is given or any one passes the frame. */
export function passesFilters(filters: readonly CanIdFilter[], frame: CanFrame): boolean {
	if (filters.length === 0) return true;
	return filters.some((f) => f.extended === frame.extended && (frame.id & f.mask) === f.id);
}

/**
 * One id/mask pair that passes at least everything the filters pass, for an adapter with a single hardware
 * filter (ELM327 ATCF/ATCM): only the bits every filter fixes to the same value stay in the mask. Null when
 * the filters mix 11- and 29-bit ids or there are none; the exact filtering then happens on the host.
 */
export function combinedFilter(filters: readonly CanIdFilter[]): CanIdFilter | null {
	if (filters.length === 0) return null;
	const extended = filters[0].extended;
	if (filters.some((f) => f.extended !== extended)) return null;
	let mask = filters[0].mask;
	for (const f of filters) mask &= f.mask & ~(f.id ^ filters[0].id);
	return { id: filters[0].id & mask, mask, extended };
}
