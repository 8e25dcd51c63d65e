/**
 * Appointment times are shop wall-clock times with minute precision: `YYYY-MM-DDTHH:MM`, the value of an
 * `<input type="datetime-local">`. Pure string arithmetic on purpose, so neither the server's nor the browser's
 * time zone can shift a booking.
 */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** @throws TypeError unless `s` is a real calendar date and time in the datetime-local shape. */
export function checkWallTime(s: string): string {
	const m = WALL_TIME.exec(s);
	if (!m) throw new TypeError(`"${s}" is not a date and time (YYYY-MM-DDTHH:MM)`);
	const [y, mo, d, h, mi] = m.slice(1).map(Number);
	const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
	if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59)
		throw new TypeError(`"${s}" is not a real date and time`);
	return s;
}

/** A database `timestamp without time zone` value (either driver's text form) as `YYYY-MM-DDTHH:MM`. */
export function fromDbWallTime(value: string | null): string | null {
	return value === null ? null : value.replace(' ', 'T').slice(0, 16);
}

export function toDbWallTime(value: string): string {
	return `${checkWallTime(value).replace('T', ' ')}:00`;
}

/** @throws TypeError unless `s` is a real `YYYY-MM-DD` date. */
export function checkDate(s: string): string {
	const m = DATE.exec(s);
	if (!m || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw new TypeError(`"${s}" is not a date`);
	const d = new Date(`${s}T00:00:00Z`);
	if (d.toISOString().slice(0, 10) !== s) throw new TypeError(`"${s}" is not a real date`);
	return s;
}

export function addDays(date: string, days: number): string {
	const d = new Date(`${checkDate(date)}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The Monday of `date`'s ISO 8601 week. */
export function weekStart(date: string): string {
	const weekday = new Date(`${checkDate(date)}T00:00:00Z`).getUTCDay();
	return addDays(date, -((weekday + 6) % 7));
}
