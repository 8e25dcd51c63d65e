import { getDb } from '$lib/server/db';
import { addDays, checkDate, listAppointments, weekStart } from '$lib/server/jobs';
import { actorFrom } from '$lib/server/shops/actor';
import { shopHttpError } from '$lib/server/shops/http-errors';
import type { PageServerLoad } from './$types';

function validDate(s: string | null): string | null {
	try {
		return s ? checkDate(s) : null;
	} catch {
		return null;
	}
}

/**
 * `?view=day|week&date=YYYY-MM-DD`. Without a date it shows today by the server's clock: the shop's time zone
 * arrives with shop settings, and appointments are stored in shop wall-clock time meanwhile.
 */
export const load: PageServerLoad = async ({ locals, parent, url }) => {
	await parent();
	const actor = actorFrom(locals);
	const view = url.searchParams.get('view') === 'day' ? 'day' : 'week';
	const date = validDate(url.searchParams.get('date')) ?? new Date().toISOString().slice(0, 10);
	const from = view === 'week' ? weekStart(date) : date;
	const days = view === 'week' ? 7 : 1;
	const calendar = await listAppointments(getDb(), actor, { from, days }).catch(shopHttpError);
	return {
		view,
		from,
		dates: Array.from({ length: days }, (_, i) => addDays(from, i)),
		previous: addDays(from, -days),
		next: addDays(from, days),
		bays: calendar.bays,
		appointments: calendar.appointments.map((a) => ({
			id: a.id,
			number: a.number,
			title: a.title,
			status: a.status,
			bayId: a.bayId,
			start: a.start,
			end: a.end,
			vehicleName: a.vehicleName,
			customerName: a.customerName,
			technicianName: a.technicianName
		}))
	};
};
