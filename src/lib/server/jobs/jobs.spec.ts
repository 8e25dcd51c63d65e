import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '$lib/server/customers/customers';
import { registerVehicle } from '$lib/server/customers/vehicles';
import { job } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import {
	IllegalTransitionError,
	PermissionDeniedError,
	ShopConflictError
} from '$lib/server/shops/errors';
import { seedTeam, type SeededTeam } from '$lib/server/shops/shop-team.test-helper';
import { NotFoundError } from '$lib/server/timeseries/errors';
import { createBay, deleteBay, listBays } from './bays';
import { listAppointments } from './calendar';
import {
	changeJobStatus,
	createJob,
	getJob,
	listAssignableMembers,
	listJobs,
	listJobStatusChanges,
	updateJobBooking
} from './jobs';
import { addJobNote, listJobNotes } from './notes';
import { addTimeEntry, listTimeEntries, startTimer, stopTimer } from './time-entries';

let t: TestDb;
let team: SeededTeam;
let rival: SeededTeam;
let vehicleId: string;
let rivalVehicleId: string;
let vins = 0;
const VINS = ['1HGCM82633A004352', '5YJ3E1EA2KF317000', 'WBA8E9G57HNU00000', '2T1BURHE0FC000001'];

async function carFor(who: SeededTeam) {
	const owner = await createCustomer(t.db, who.owner, {
		name: `${who.owner.shopId} customer`,
		email: null,
		phone: null,
		notes: ''
	});
	const { vehicle } = await registerVehicle(t.db, who.owner, owner.id, { vin: VINS[vins++ % 4] });
	return vehicle.id;
}

beforeAll(async () => {
	t = await createTestDb();
	team = await seedTeam(t.db, 'Jobs Garage');
	rival = await seedTeam(t.db, 'Rival Garage');
	vehicleId = await carFor(team);
	rivalVehicleId = await carFor(rival);
});
afterAll(() => t.close());

const book = (title = 'Dyno tune', extra = {}) =>
	createJob(t.db, team.frontDesk, { vehicleId, title, ...extra });

describe('booking jobs', () => {
	it('numbers a shop’s jobs 1, 2, 3 and records the starting status', async () => {
		const shop = await seedTeam(t.db, 'Numbering');
		const car = await carFor(shop);
		const made = [];
		for (const status of ['quoted', 'booked', 'booked'] as const)
			made.push(await createJob(t.db, shop.frontDesk, { vehicleId: car, title: 'x', status }));
		expect(made.map((j) => [j.number, j.status])).toEqual([
			[1, 'quoted'],
			[2, 'booked'],
			[3, 'booked']
		]);
		expect(await listJobStatusChanges(t.db, shop.owner, made[0].id)).toMatchObject([
			{ fromStatus: null, toStatus: 'quoted', byName: 'Numbering Front Desk' }
		]);
	});

	it('gives two bookings racing for the next number different numbers', async () => {
		const shop = await seedTeam(t.db, 'Race');
		const car = await carFor(shop);
		const both = await Promise.all([
			createJob(t.db, shop.owner, { vehicleId: car, title: 'a' }),
			createJob(t.db, shop.owner, { vehicleId: car, title: 'b' })
		]);
		expect(both.map((j) => j.number).sort()).toEqual([1, 2]);
	});

	it('books with a bay, a technician and an appointment in shop wall-clock time', async () => {
		const lift = await createBay(t.db, team.owner, 'Lift 1');
		const j = await book('Clutch', {
			bayId: lift.id,
			technicianId: team.technician.userId,
			scheduledStart: '2025-03-03T09:00',
			scheduledEnd: '2025-03-03T12:30'
		});
		expect(await getJob(t.db, team.technician, j.id)).toMatchObject({
			title: 'Clutch',
			status: 'booked',
			bayName: 'Lift 1',
			technicianName: 'Jobs Garage Technician',
			scheduledStart: '2025-03-03T09:00',
			scheduledEnd: '2025-03-03T12:30',
			customerName: `${team.shopId} customer`
		});
	});

	it('refuses a foreign vehicle, bay or technician as if they did not exist', async () => {
		const theirBay = await createBay(t.db, rival.owner, 'Their lift');
		await expect(
			createJob(t.db, team.frontDesk, { vehicleId: rivalVehicleId, title: 'x' })
		).rejects.toThrow(NotFoundError);
		await expect(book('x', { bayId: theirBay.id })).rejects.toThrow(NotFoundError);
		await expect(book('x', { technicianId: rival.technician.userId })).rejects.toThrow(
			NotFoundError
		);
		await expect(book('x', { technicianId: team.frontDesk.userId })).rejects.toThrow(NotFoundError);
	});

	it('refuses an appointment that ends before it starts or is not a real time', async () => {
		await expect(
			book('x', { scheduledStart: '2025-03-03T10:00', scheduledEnd: '2025-03-03T09:00' })
		).rejects.toThrow(RangeError);
		await expect(book('x', { scheduledEnd: '2025-03-03T09:00' })).rejects.toThrow(RangeError);
		await expect(book('x', { scheduledStart: '2025-02-30T10:00' })).rejects.toThrow(TypeError);
	});

	it('lets only the front desk and owner book or reschedule', async () => {
		for (const who of [team.technician, team.tuner])
			await expect(createJob(t.db, who, { vehicleId, title: 'x' })).rejects.toThrow(
				PermissionDeniedError
			);
		const j = await book();
		await expect(
			updateJobBooking(t.db, team.technician, j.id, { title: 'Mine now' })
		).rejects.toThrow(PermissionDeniedError);
		await updateJobBooking(t.db, team.frontDesk, j.id, {
			title: 'Dyno tune + wideband',
			scheduledStart: '2025-03-04T08:00'
		});
		expect(await getJob(t.db, team.owner, j.id)).toMatchObject({
			title: 'Dyno tune + wideband',
			scheduledStart: '2025-03-04T08:00',
			scheduledEnd: null
		});
	});

	it('lists jobs newest first, by status, and the members a job can go to', async () => {
		const shop = await seedTeam(t.db, 'Listing');
		const car = await carFor(shop);
		await createJob(t.db, shop.owner, { vehicleId: car, title: 'first', status: 'quoted' });
		await createJob(t.db, shop.owner, { vehicleId: car, title: 'second' });
		expect((await listJobs(t.db, shop.tuner)).map((j) => j.title)).toEqual(['second', 'first']);
		expect((await listJobs(t.db, shop.tuner, { status: ['quoted'] })).map((j) => j.title)).toEqual([
			'first'
		]);
		expect((await listAssignableMembers(t.db, shop.frontDesk)).map((m) => m.role).sort()).toEqual([
			'owner',
			'technician',
			'tuner'
		]);
		expect(await listJobs(t.db, rival.owner, { vehicleId: car })).toEqual([]);
	});
});

describe('job status flow', () => {
	it('walks quoted → booked → in progress → awaiting approval → in progress → done → invoiced', async () => {
		const j = await book('Full flow', { status: 'quoted' });
		await changeJobStatus(t.db, team.frontDesk, j.id, 'booked');
		await changeJobStatus(t.db, team.technician, j.id, 'in_progress');
		await changeJobStatus(t.db, team.technician, j.id, 'awaiting_approval');
		await changeJobStatus(t.db, team.frontDesk, j.id, 'in_progress');
		await changeJobStatus(t.db, team.technician, j.id, 'done');
		expect(await changeJobStatus(t.db, team.frontDesk, j.id, 'invoiced')).toEqual({
			from: 'done',
			to: 'invoiced'
		});
		expect((await listJobStatusChanges(t.db, team.owner, j.id)).map((c) => c.toStatus)).toEqual([
			'quoted',
			'booked',
			'in_progress',
			'awaiting_approval',
			'in_progress',
			'done',
			'invoiced'
		]);
	});

	it('throws a typed error for a step the flow does not have, and changes nothing', async () => {
		const j = await book('Skip ahead');
		const err = await changeJobStatus(t.db, team.owner, j.id, 'invoiced').catch((e) => e);
		expect(err).toBeInstanceOf(IllegalTransitionError);
		expect(err).toMatchObject({ from: 'booked', to: 'invoiced' });
		expect((await getJob(t.db, team.owner, j.id)).status).toBe('booked');
	});

	it("refuses a step that is not the role's to take", async () => {
		const j = await book('Roles');
		await expect(changeJobStatus(t.db, team.frontDesk, j.id, 'in_progress')).rejects.toThrow(
			PermissionDeniedError
		);
		await expect(changeJobStatus(t.db, team.tuner, j.id, 'in_progress')).rejects.toThrow(
			PermissionDeniedError
		);
		await changeJobStatus(t.db, team.technician, j.id, 'in_progress');
		await expect(changeJobStatus(t.db, team.frontDesk, j.id, 'done')).rejects.toThrow(
			PermissionDeniedError
		);
		await changeJobStatus(t.db, team.technician, j.id, 'done');
		await expect(changeJobStatus(t.db, team.technician, j.id, 'invoiced')).rejects.toThrow(
			PermissionDeniedError
		);
	});

	it('lets only one of two people moving the same job from the same status succeed', async () => {
		const j = await book('Contended');
		await changeJobStatus(t.db, team.technician, j.id, 'in_progress');
		const results = await Promise.allSettled([
			changeJobStatus(t.db, team.technician, j.id, 'done'),
			changeJobStatus(t.db, team.owner, j.id, 'awaiting_approval')
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(
			(results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason
		).toBeInstanceOf(IllegalTransitionError);
	});

	it("cannot see or move another shop's job", async () => {
		const j = await book('Private');
		await expect(getJob(t.db, rival.owner, j.id)).rejects.toThrow(NotFoundError);
		await expect(changeJobStatus(t.db, rival.owner, j.id, 'in_progress')).rejects.toThrow(
			NotFoundError
		);
		await expect(updateJobBooking(t.db, rival.owner, j.id, { title: 'x' })).rejects.toThrow(
			NotFoundError
		);
		expect((await getJob(t.db, team.owner, j.id)).status).toBe('booked');
	});

	it('closes an invoiced job to booking changes', async () => {
		const j = await book('Closed');
		await t.db.update(job).set({ status: 'invoiced' }).where(eq(job.id, j.id));
		await expect(updateJobBooking(t.db, team.owner, j.id, { title: 'x' })).rejects.toThrow(
			ShopConflictError
		);
	});
});

describe('time entries', () => {
	it('times a technician’s work from start to stop', async () => {
		const j = await book('Timed');
		const start = new Date('2025-03-03T09:00:00Z');
		await startTimer(t.db, team.technician, j.id, { now: start });
		const stopped = await stopTimer(t.db, team.technician, j.id, {
			now: new Date('2025-03-03T10:30:00Z')
		});
		expect(stopped.endedAt?.toISOString()).toBe('2025-03-03T10:30:00.000Z');
		expect(await listTimeEntries(t.db, team.frontDesk, j.id)).toMatchObject([
			{ technicianName: 'Jobs Garage Technician', seconds: 5400 }
		]);
		await expect(stopTimer(t.db, team.technician, j.id)).rejects.toThrow(NotFoundError);
	});

	it('runs one timer per technician at a time, naming the job it runs on', async () => {
		const a = await book('A');
		const b = await book('B');
		await startTimer(t.db, team.technician, a.id);
		await expect(startTimer(t.db, team.technician, b.id)).rejects.toThrow(
			new RegExp(`already running on job #${a.number}`)
		);
		await stopTimer(t.db, team.technician, a.id);
		await startTimer(t.db, team.technician, b.id);
		await stopTimer(t.db, team.technician, b.id);
	});

	it('records a duration entered by hand, ending now', async () => {
		const j = await book('Manual');
		const endedAt = new Date('2025-03-03T17:00:00Z');
		await addTimeEntry(t.db, team.technician, j.id, { minutes: 45, note: ' wiring ', endedAt });
		expect(await listTimeEntries(t.db, team.owner, j.id)).toMatchObject([
			{ seconds: 2700, note: 'wiring', startedAt: new Date('2025-03-03T16:15:00Z') }
		]);
		for (const minutes of [0, 1441, 1.5])
			await expect(addTimeEntry(t.db, team.technician, j.id, { minutes })).rejects.toThrow(
				RangeError
			);
	});

	it('lets technicians log only their own time, and owners anyone’s', async () => {
		const j = await book('Whose time');
		await expect(
			addTimeEntry(t.db, team.technician, j.id, { minutes: 5, technicianId: team.owner.userId })
		).rejects.toThrow(PermissionDeniedError);
		for (const who of [team.frontDesk, team.tuner])
			await expect(addTimeEntry(t.db, who, j.id, { minutes: 5 })).rejects.toThrow(
				PermissionDeniedError
			);
		await addTimeEntry(t.db, team.owner, j.id, {
			minutes: 5,
			technicianId: team.technician.userId
		});
		await expect(
			addTimeEntry(t.db, team.owner, j.id, { minutes: 5, technicianId: rival.technician.userId })
		).rejects.toThrow(NotFoundError);
	});

	it('takes no time on a quote or an invoiced job, nor on another shop’s job', async () => {
		const quote = await book('Quote only', { status: 'quoted' });
		await expect(addTimeEntry(t.db, team.technician, quote.id, { minutes: 5 })).rejects.toThrow(
			ShopConflictError
		);
		await expect(addTimeEntry(t.db, rival.technician, quote.id, { minutes: 5 })).rejects.toThrow(
			NotFoundError
		);
		await expect(startTimer(t.db, rival.owner, quote.id)).rejects.toThrow(NotFoundError);
		expect(await listTimeEntries(t.db, rival.owner, quote.id)).toEqual([]);
	});
});

describe('notes', () => {
	it('lets every member add notes and reads them oldest first', async () => {
		const j = await book('Noted');
		await addJobNote(t.db, team.frontDesk, j.id, 'Customer waits');
		await addJobNote(t.db, team.technician, j.id, '  Found a boost leak ');
		expect((await listJobNotes(t.db, team.tuner, j.id)).map((n) => [n.authorName, n.body])).toEqual(
			[
				['Jobs Garage Front Desk', 'Customer waits'],
				['Jobs Garage Technician', 'Found a boost leak']
			]
		);
		await expect(addJobNote(t.db, team.owner, j.id, '   ')).rejects.toThrow(RangeError);
		await expect(addJobNote(t.db, rival.owner, j.id, 'hi')).rejects.toThrow(NotFoundError);
		expect(await listJobNotes(t.db, rival.owner, j.id)).toEqual([]);
	});
});

describe('bays and the calendar', () => {
	it('lays out one day or a week of appointments by bay', async () => {
		const shop = await seedTeam(t.db, 'Calendar');
		const car = await carFor(shop);
		const dyno = await createBay(t.db, shop.owner, 'Dyno');
		const lift = await createBay(t.db, shop.owner, 'Lift');
		const at = (title: string, start: string, bayId: string | null) =>
			createJob(t.db, shop.frontDesk, { vehicleId: car, title, bayId, scheduledStart: start });
		await at('Mon dyno', '2025-03-03T09:00', dyno.id);
		await at('Mon lift', '2025-03-03T08:00', lift.id);
		await at('Sun late', '2025-03-09T23:59', null);
		await at('Next Mon', '2025-03-10T00:00', dyno.id);
		await createJob(t.db, shop.frontDesk, { vehicleId: car, title: 'Unscheduled' });

		const day = await listAppointments(t.db, shop.technician, { from: '2025-03-03', days: 1 });
		expect(day.bays.map((b) => b.name)).toEqual(['Dyno', 'Lift']);
		expect(day.appointments.map((a) => [a.title, a.start, a.bayId])).toEqual([
			['Mon lift', '2025-03-03T08:00', lift.id],
			['Mon dyno', '2025-03-03T09:00', dyno.id]
		]);
		const week = await listAppointments(t.db, shop.technician, { from: '2025-03-03', days: 7 });
		expect(week.to).toBe('2025-03-10');
		expect(week.appointments.map((a) => a.title)).toEqual(['Mon lift', 'Mon dyno', 'Sun late']);
		expect(
			(await listAppointments(t.db, rival.owner, { from: '2025-03-03', days: 7 })).appointments
		).toEqual([]);
		await expect(
			listAppointments(t.db, shop.owner, { from: '2025-03-03', days: 0 })
		).rejects.toThrow(RangeError);
	});

	it('lets only the owner manage bays; a removed bay leaves its jobs unassigned', async () => {
		const shop = await seedTeam(t.db, 'Bays');
		const car = await carFor(shop);
		await expect(createBay(t.db, shop.frontDesk, 'Lift')).rejects.toThrow(PermissionDeniedError);
		const lift = await createBay(t.db, shop.owner, 'Lift');
		await expect(createBay(t.db, shop.owner, ' Lift ')).rejects.toThrow(ShopConflictError);
		const j = await createJob(t.db, shop.frontDesk, { vehicleId: car, title: 'x', bayId: lift.id });
		await expect(deleteBay(t.db, rival.owner, lift.id)).rejects.toThrow(NotFoundError);
		await deleteBay(t.db, shop.owner, lift.id);
		expect(await listBays(t.db, shop.technician)).toEqual([]);
		expect((await getJob(t.db, shop.owner, j.id)).bayId).toBeNull();
	});
});
