import { readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { join, relative, resolve } from 'node:path';
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeChunk } from '$lib/logs/chunk-format';
import { fakeEvent } from '$lib/server/auth/fake-event';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { createCustomer, registerVehicle } from '$lib/server/customers';
import { session } from '$lib/server/db/schema';
import { createTestDb, type TestDb } from '$lib/server/db/test-db';
import { addJobNote, addTimeEntry, changeJobStatus, createBay, createJob } from '$lib/server/jobs';
import { importDynoRun } from '$lib/server/dyno-runs';
import { createReportLink } from '$lib/server/reports';
import { createInvitation, listPendingInvitations } from '$lib/server/shops/invitations';
import {
	can,
	SHOP_ROLES,
	transitionRoles,
	type Actor,
	type Permission
} from '$lib/server/shops/permissions';
import { seedTeam, type SeededTeam } from '$lib/server/shops/shop-team.test-helper';
import { createLog } from '$lib/server/timeseries';

/**
 * Issue 7 "Isolation": every route and form action × every role × another shop's ids answers 403 or 404, and no
 * foreign data appears in the body. The routes are found by walking src/routes, so a new route without an entry in
 * CASES fails the first test until someone decides how it is reached with foreign ids.
 */

let t: TestDb;
vi.mock('$lib/server/db', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/server/db')>()),
	getDb: () => t.db
}));

const ROUTES_DIR = resolve('src/routes');
const HANDLER_FILES = ['+page.server.ts', '+layout.server.ts', '+server.ts'];
const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface RouteHandler {
	/** `/(app)/jobs/[id] action:status`, `/api/logs/[id] PUT`, `/(app)/jobs load`. */
	key: string;
	routeId: string;
	kind: 'load' | 'action' | 'endpoint';
	method: string;
	actionName?: string;
	fn: (event: RequestEvent) => unknown;
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? walk(join(dir, e.name))
			: HANDLER_FILES.includes(e.name)
				? [join(dir, e.name)]
				: []
	);
}

async function discoverHandlers(): Promise<RouteHandler[]> {
	const out: RouteHandler[] = [];
	for (const file of walk(ROUTES_DIR).sort()) {
		const rel = relative(ROUTES_DIR, file).split('\\').join('/');
		const name = rel.split('/').pop()!;
		const routeId = `/${rel.slice(0, -name.length).replace(/\/$/, '')}`;
		const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
		const base = { routeId };
		if (name === '+server.ts') {
			for (const verb of VERBS)
				if (typeof mod[verb] === 'function')
					out.push({
						...base,
						key: `${routeId} ${verb}`,
						kind: 'endpoint',
						method: verb,
						fn: mod[verb] as RouteHandler['fn']
					});
			continue;
		}
		if (typeof mod.load === 'function')
			out.push({
				...base,
				key: `${routeId} load`,
				kind: 'load',
				method: 'GET',
				fn: mod.load as RouteHandler['fn']
			});
		const actions = (mod.actions ?? {}) as Record<string, RouteHandler['fn']>;
		for (const [actionName, fn] of Object.entries(actions))
			out.push({
				...base,
				key: `${routeId} action:${actionName}`,
				kind: 'action',
				method: 'POST',
				actionName,
				fn
			});
	}
	return out;
}

/** Shop B, the other tenant: every kind of row the routes could leak, named with markers to look for. */
interface Foreign {
	team: SeededTeam;
	customerId: string;
	vehicleId: string;
	jobId: string;
	bayId: string;
	logId: string;
	dynoRunId: string;
	linkId: string;
	invitationId: string;
	sessionId: string;
	/** Strings that must never appear in a body shop A receives (unless A sent them itself). */
	markers: string[];
}

/** How a handler is reached with foreign ids, and what it must answer. */
interface Case {
	/**
	 * `foreign`: the request carries shop B's ids → 403 or 404. `listed`: a page that takes a list of ids (a
	 * comparison) and reports each unknown one inline → any non-5xx answer that says "not found" for it. `own`: the
	 * handler takes no ids (lists, creates in the caller's shop, sign-in pages) → any non-5xx answer. In every case
	 * no foreign data appears in the body.
	 */
	scope: 'foreign' | 'listed' | 'own';
	params?: (f: Foreign) => Record<string, string>;
	query?: (f: Foreign) => string;
	form?: (f: Foreign) => Record<string, string>;
	body?: (f: Foreign) => BodyInit;
}

const own: Case = { scope: 'own' };
const byId = (pick: (f: Foreign) => string, extra: Omit<Case, 'scope' | 'params'> = {}): Case => ({
	scope: 'foreign',
	params: (f) => ({ id: pick(f) }),
	...extra
});
const UNKNOWN_TOKEN = 'A'.repeat(43);
const logBody = JSON.stringify({
	name: 'Matrix log',
	startedAt: new Date().toISOString(),
	channels: [{ name: 'RPM', unit: 'rpm', min: 0, max: 9000 }]
});

const DYNO_CSV = [
	'Dynojet Research WinPEP 8 Export',
	'Time (sec),Engine Speed (RPM),Power (HP),Torque (lb-ft)',
	'0.0,3000,100.0,175.1',
	'0.5,4000,150.0,196.9',
	'1.0,5000,190.0,199.6'
].join('\r\n');

const CASES: Record<string, Case> = {
	'/ load': own,
	'/(app) load': own,
	'/(app)/calendar load': own,
	'/(app)/connect load': own,
	'/(app)/customers load': own,
	'/(app)/dyno load': { scope: 'own', query: (f) => `?vehicle=${f.vehicleId}` },
	'/(app)/dyno/[id] load': byId((f) => f.dynoRunId),
	'/(app)/dyno/[id] action:delete': byId((f) => f.dynoRunId),
	'/(app)/dyno/compare load': { scope: 'listed', query: (f) => `?runs=run:${f.dynoRunId}` },
	'/(app)/dyno/import load': { scope: 'own', query: (f) => `?vehicle=${f.vehicleId}` },
	'/(app)/dyno/import action:import': {
		scope: 'foreign',
		body: (f) => {
			const form = new FormData();
			form.set('name', 'Stolen run');
			form.set('vehicleId', f.vehicleId);
			form.set('file', new File([DYNO_CSV], 'run.csv', { type: 'text/csv' }));
			return form;
		}
	},
	'/(app)/customers action:create': { scope: 'own', form: () => ({ name: 'Matrix customer' }) },
	'/(app)/customers/[id] load': byId((f) => f.customerId),
	'/(app)/customers/[id] action:addVehicle': byId((f) => f.customerId, {
		form: () => ({ vin: '5YJ3E1EA2KF317000' })
	}),
	'/(app)/customers/[id]/edit load': byId((f) => f.customerId),
	'/(app)/customers/[id]/edit action:default': byId((f) => f.customerId, {
		form: () => ({ name: 'Renamed by a stranger' })
	}),
	'/(app)/jobs load': own,
	'/(app)/jobs/new load': own,
	'/(app)/jobs/new action:default': {
		scope: 'foreign',
		form: (f) => ({ vehicleId: f.vehicleId, title: 'Stolen booking' })
	},
	'/(app)/jobs/[id] load': byId((f) => f.jobId),
	'/(app)/jobs/[id] action:status': byId((f) => f.jobId, { form: () => ({ to: 'in_progress' }) }),
	'/(app)/jobs/[id] action:booking': byId((f) => f.jobId, { form: () => ({ title: 'Hijacked' }) }),
	'/(app)/jobs/[id] action:start': byId((f) => f.jobId),
	'/(app)/jobs/[id] action:stop': byId((f) => f.jobId),
	'/(app)/jobs/[id] action:logTime': byId((f) => f.jobId, { form: () => ({ minutes: '30' }) }),
	'/(app)/jobs/[id] action:note': byId((f) => f.jobId, { form: () => ({ body: 'Hello' }) }),
	'/(app)/logs load': own,
	'/(app)/logs/[id] load': byId((f) => f.logId),
	'/(app)/logs/[id] action:share': byId((f) => f.logId, { form: () => ({ days: '7' }) }),
	'/(app)/logs/[id] action:revoke': byId((f) => f.logId, { form: (f) => ({ linkId: f.linkId }) }),
	'/(app)/logs/[id]/analytics load': byId((f) => f.logId),
	'/(app)/logs/[id]/analytics action:vehicle': byId((f) => f.logId, {
		form: (f) => ({ vehicleId: f.vehicleId })
	}),
	'/(app)/logs/[id]/dyno load': byId((f) => f.logId),
	'/(app)/logs/compare load': { scope: 'foreign', query: (f) => `?a=${f.logId}&b=${f.logId}` },
	'/(app)/settings/audit load': own,
	'/(app)/settings/bays load': own,
	'/(app)/settings/bays action:add': {
		scope: 'own',
		form: () => ({ name: `Bay ${crypto.randomUUID()}` })
	},
	'/(app)/settings/bays action:remove': { scope: 'foreign', form: (f) => ({ bayId: f.bayId }) },
	'/(app)/settings/members load': own,
	'/(app)/settings/members action:invite': {
		scope: 'own',
		form: () => ({ email: `matrix-${crypto.randomUUID()}@example.test`, role: 'technician' })
	},
	'/(app)/settings/members action:revoke': {
		scope: 'foreign',
		form: (f) => ({ invitationId: f.invitationId })
	},
	'/(app)/settings/members action:role': {
		scope: 'foreign',
		form: (f) => ({ userId: f.team.technician.userId, role: 'owner' })
	},
	'/(app)/settings/members action:remove': {
		scope: 'foreign',
		form: (f) => ({ userId: f.team.owner.userId })
	},
	'/(app)/settings/sessions load': own,
	'/(app)/settings/sessions action:end': {
		scope: 'foreign',
		form: (f) => ({ sessionId: f.sessionId })
	},
	'/(app)/settings/sessions action:endOthers': own,
	'/(app)/switch-shop POST': { scope: 'foreign', form: (f) => ({ shopId: f.team.shopId }) },
	'/(app)/vehicles load': own,
	'/(app)/vehicles action:create': { scope: 'own', form: () => ({ name: 'Matrix car' }) },
	'/(app)/vehicles/[id] load': byId((f) => f.vehicleId),
	'/(app)/vehicles/[id] action:assignCustomer': byId((f) => f.vehicleId, {
		form: (f) => ({ customerId: f.customerId })
	}),
	'/(app)/vehicles/[id]/safety load': byId((f) => f.vehicleId),
	'/(app)/vehicles/[id]/safety action:save': byId((f) => f.vehicleId, {
		form: () => ({ baseProfileId: 'turbo-petrol', note: 'x' })
	}),
	'/api/audit/verify GET': own,
	'/api/logs/[id] PUT': byId((f) => f.logId, { body: () => logBody }),
	'/api/logs/[id]/chunks/[seq] PUT': {
		scope: 'foreign',
		params: (f) => ({ id: f.logId, seq: '0' }),
		body: () =>
			encodeChunk({
				seq: 0,
				channels: [
					{ name: 'RPM', t0Us: 0, offsets: Uint32Array.of(0, 1000), values: Float32Array.of(1, 2) }
				]
			}) as Uint8Array<ArrayBuffer>
	},
	'/api/logs/[id]/export GET': byId((f) => f.logId, { query: () => '?format=csv' }),
	'/api/logs/[id]/series GET': byId((f) => f.logId, {
		query: () => '?channel=RPM&from=0&to=1000000&points=100'
	}),
	'/api/logs/import POST': {
		scope: 'own',
		query: () => '?format=csv',
		body: () => 'Time,RPM\n0,800\n'
	},
	'/api/safety/actions POST': {
		scope: 'own',
		body: () => JSON.stringify({ action: 'acknowledge', ruleId: 'r', level: 'warn', reason: '' })
	},
	'/api/vehicles/[id]/safety-profile GET': byId((f) => f.vehicleId),
	'/invite/[token] load': { scope: 'foreign', params: () => ({ token: UNKNOWN_TOKEN }) },
	'/invite/[token] action:accept': { scope: 'foreign', params: () => ({ token: UNKNOWN_TOKEN }) },
	'/invite/[token] action:signin': {
		scope: 'foreign',
		params: () => ({ token: UNKNOWN_TOKEN }),
		form: () => ({ password: 'whatever-password' })
	},
	'/invite/[token] action:signup': {
		scope: 'foreign',
		params: () => ({ token: UNKNOWN_TOKEN }),
		form: () => ({ name: 'Intruder', password: 'long-enough-password' })
	},
	'/login load': own,
	'/login action:default': own,
	'/logout load': own,
	'/logout action:default': own,
	'/r/[token] load': { scope: 'foreign', params: () => ({ token: UNKNOWN_TOKEN }) },
	'/r/[token]/series GET': {
		scope: 'foreign',
		params: () => ({ token: UNKNOWN_TOKEN }),
		query: () => '?channel=RPM'
	},
	'/signup load': own,
	'/signup action:default': own
};

let handlers: RouteHandler[];
let layout: RouteHandler;
let home: SeededTeam;
let foreign: Foreign;

async function seedForeign(): Promise<Foreign> {
	const team = await seedTeam(t.db, 'Foreign Garage zx81');
	const c = await createCustomer(t.db, team.owner, {
		name: 'Foreign Customer qq71',
		email: 'foreign-customer-qq71@example.test',
		phone: '+1 555 7171',
		notes: 'Foreign notes qq71'
	});
	const { vehicle } = await registerVehicle(t.db, team.owner, c.id, {
		vin: '1HGCM82633A004352',
		name: 'Foreign Car qq71'
	});
	const bay = await createBay(t.db, team.owner, 'Foreign Bay qq71');
	const job = await createJob(t.db, team.frontDesk, {
		vehicleId: vehicle.id,
		title: 'Foreign Job qq71',
		bayId: bay.id,
		technicianId: team.technician.userId,
		scheduledStart: new Date().toISOString().slice(0, 11) + '09:00'
	});
	await changeJobStatus(t.db, team.technician, job.id, 'in_progress');
	await addTimeEntry(t.db, team.technician, job.id, { minutes: 42, note: 'Foreign time qq71' });
	await addJobNote(t.db, team.technician, job.id, 'Foreign note qq71');
	const log = await createLog(t.db, {
		shopId: team.shopId,
		vehicleId: vehicle.id,
		createdBy: team.tuner.userId,
		name: 'Foreign Log qq71',
		startedAt: new Date(),
		channels: [{ name: 'RPM', unit: 'rpm', min: 0, max: 9000 }]
	});
	const dyno = await importDynoRun(t.db, team.tuner, {
		name: 'Foreign Dyno qq71',
		vehicleId: vehicle.id,
		jobId: job.id,
		body: DYNO_CSV
	});
	const link = await createReportLink(t.db, {
		shopId: team.shopId,
		logId: log.id,
		userId: team.owner.userId,
		ttlDays: 7
	});
	const inv = await createInvitation(t.db, team.owner, {
		email: 'foreign-invitee-qq71@example.test',
		role: 'tuner'
	});
	const { session } = await createSession(t.db, { userId: team.owner.userId, shopId: team.shopId });
	const ids = [c.id, vehicle.id, bay.id, job.id, log.id, dyno.id, link.id, inv.id, session.id];
	const people = [team.owner, team.tuner, team.technician, team.frontDesk].map((a) => a.userId);
	return {
		team,
		customerId: c.id,
		vehicleId: vehicle.id,
		jobId: job.id,
		bayId: bay.id,
		logId: log.id,
		dynoRunId: dyno.id,
		linkId: link.id,
		invitationId: inv.id,
		sessionId: session.id,
		markers: [
			'qq71',
			'zx81',
			'1HGCM82633A004352',
			link.token,
			inv.token,
			team.shopId,
			...ids,
			...people
		]
	};
}

/** A fresh signed-in session of `actor`, resolved the way `authHandle` fills `locals`. */
async function localsOf(actor: Actor): Promise<App.Locals> {
	const { token } = await createSession(t.db, { userId: actor.userId, shopId: actor.shopId });
	const v = await validateSessionToken(t.db, token);
	if (!v) throw new Error('session did not validate');
	return { user: v.user, session: v.session, shop: v.shop, role: v.role };
}

function pathOf(routeId: string, params: Record<string, string>): string {
	const path = routeId
		.split('/')
		.filter((s) => !s.startsWith('('))
		.map((s) => s.replace(/^\[(\w+)\]$/, (_, k: string) => params[k] ?? 'missing'))
		.join('/');
	return path || '/';
}

interface Answer {
	status: number;
	body: string;
	/** What the request itself carried; a 404 may echo an id the caller sent. */
	sent: string;
}

async function invoke(h: RouteHandler, locals: App.Locals, c: Case, f: Foreign): Promise<Answer> {
	const params = c.params?.(f) ?? {};
	const query =
		(c.query?.(f) ?? '') + (h.actionName ? `${c.query ? '&' : '?'}/${h.actionName}` : '');
	const url = `http://localhost${pathOf(h.routeId, params)}${query}`;
	const form =
		h.kind === 'endpoint' ? c.form?.(f) : (c.form?.(f) ?? (h.kind === 'action' ? {} : undefined));
	const { event } = fakeEvent({ url, method: h.method, form, locals });
	const body = c.body?.(f);
	const request = body === undefined ? event.request : new Request(url, { method: h.method, body });
	const full = {
		...event,
		request,
		params,
		route: { id: h.routeId },
		parent: async () =>
			h.routeId.startsWith('/(app)') && h !== layout ? ((await layout.fn(full as never)) ?? {}) : {}
	} as unknown as RequestEvent;
	const sentBody =
		typeof body === 'string'
			? body
			: body instanceof FormData
				? [...body.values()].filter((x) => typeof x === 'string').join(' ')
				: '';
	const sent = [url, JSON.stringify(form ?? {}), sentBody].join(' ');
	try {
		const out = await h.fn(full);
		if (out instanceof Response) return { status: out.status, body: await out.text(), sent };
		if (isActionFailure(out)) return { status: out.status, body: JSON.stringify(out.data), sent };
		return { status: 200, body: JSON.stringify(out ?? null), sent };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, body: err.location, sent };
		if (isHttpError(err)) return { status: err.status, body: JSON.stringify(err.body), sent };
		throw new Error(`${h.key} threw instead of answering`, { cause: err });
	}
}

function leaks(answer: Answer, markers: string[]): string[] {
	return markers.filter((m) => answer.body.includes(m) && !answer.sent.includes(m));
}

beforeAll(async () => {
	t = await createTestDb();
	handlers = await discoverHandlers();
	layout = handlers.find((h) => h.key === '/(app) load')!;
	home = await seedTeam(t.db, 'Home Garage');
	foreign = await seedForeign();
}, 120_000);
afterAll(() => t.close());

const ROLES = [...SHOP_ROLES];
const actorOf = (team: SeededTeam, role: Actor['role']): Actor =>
	({
		owner: team.owner,
		tuner: team.tuner,
		technician: team.technician,
		front_desk: team.frontDesk
	})[role];

describe('authorization matrix: every route × every role × another shop’s ids', () => {
	it('has a case for every route handler under src/routes, and no stale ones', () => {
		const found = handlers.map((h) => h.key).sort();
		expect(found.filter((k) => !(k in CASES))).toEqual([]);
		expect(Object.keys(CASES).filter((k) => !found.includes(k))).toEqual([]);
		expect(found.length).toBeGreaterThan(40);
	});

	for (const role of ROLES) {
		it(`answers a ${role} 403/404 for foreign ids and never shows foreign data`, async () => {
			const failures: string[] = [];
			for (const h of handlers) {
				const c = CASES[h.key];
				if (!c) continue;
				const answer = await invoke(h, await localsOf(actorOf(home, role)), c, foreign);
				const leaked = leaks(answer, foreign.markers);
				if (leaked.length > 0) failures.push(`${h.key}: body shows ${leaked.join(', ')}`);
				if (c.scope === 'foreign' && answer.status !== 403 && answer.status !== 404)
					failures.push(
						`${h.key}: answered ${answer.status}, not 403/404 (${answer.body.slice(0, 120)})`
					);
				if (c.scope === 'listed' && !/not found/i.test(answer.body))
					failures.push(`${h.key}: did not report the foreign id as not found`);
				if (answer.status >= 500) failures.push(`${h.key}: answered ${answer.status}`);
			}
			expect(failures).toEqual([]);
		});
	}

	it('left every foreign row as it was', async () => {
		const { getJob, listTimeEntries } = await import('$lib/server/jobs');
		const { getCustomer } = await import('$lib/server/customers');
		const { listMembers } = await import('$lib/server/shops/members');
		const f = foreign;
		expect(await getJob(t.db, f.team.owner, f.jobId)).toMatchObject({
			title: 'Foreign Job qq71',
			status: 'in_progress'
		});
		expect(await listTimeEntries(t.db, f.team.owner, f.jobId)).toHaveLength(1);
		expect((await getCustomer(t.db, f.team.owner, f.customerId)).name).toBe(
			'Foreign Customer qq71'
		);
		expect((await listMembers(t.db, f.team.owner)).map((m) => m.role).sort()).toEqual([
			'front_desk',
			'owner',
			'technician',
			'tuner'
		]);
		const [still] = await t.db
			.select({ id: session.id })
			.from(session)
			.where(eq(session.id, f.sessionId));
		expect(still).toBeDefined();
		expect((await listPendingInvitations(t.db, f.team.owner)).map((i) => i.id)).toContain(
			f.invitationId
		);
	});
});

/** Own-shop ids: the permission table alone decides (roles may only do their job). */
describe('role matrix on the shop routes: each role can do its job and nothing more', () => {
	interface RoleCase {
		key: string;
		permission: Permission | ((role: Actor['role']) => boolean);
		build: (team: SeededTeam, fixtures: OwnFixtures) => Omit<Case, 'scope'>;
	}
	interface OwnFixtures {
		customerId: string;
		vehicleId: string;
		jobId: string;
		bayId: string;
	}
	async function ownFixtures(team: SeededTeam): Promise<OwnFixtures> {
		const c = await createCustomer(t.db, team.owner, {
			name: 'Own',
			email: null,
			phone: null,
			notes: ''
		});
		const { vehicle } = await registerVehicle(t.db, team.owner, c.id, { vin: 'WBA8E9G57HNU00000' });
		const bay = await createBay(t.db, team.owner, `Bay ${crypto.randomUUID()}`);
		const job = await createJob(t.db, team.owner, { vehicleId: vehicle.id, title: 'Own job' });
		return { customerId: c.id, vehicleId: vehicle.id, jobId: job.id, bayId: bay.id };
	}

	const ROLE_CASES: RoleCase[] = [
		{
			key: '/(app)/customers action:create',
			permission: 'customers.edit',
			build: () => ({ form: () => ({ name: 'New' }) })
		},
		{
			key: '/(app)/customers/[id]/edit load',
			permission: 'customers.edit',
			build: (_, o) => ({ params: () => ({ id: o.customerId }) })
		},
		{
			key: '/(app)/customers/[id]/edit action:default',
			permission: 'customers.edit',
			build: (_, o) => ({ params: () => ({ id: o.customerId }), form: () => ({ name: 'Renamed' }) })
		},
		{
			key: '/(app)/customers/[id] action:addVehicle',
			permission: 'vehicles.edit',
			build: (_, o) => ({
				params: () => ({ id: o.customerId }),
				form: () => ({ vin: '2T1BURHE0FC000001' })
			})
		},
		{
			key: '/(app)/vehicles/[id] action:assignCustomer',
			permission: 'vehicles.edit',
			build: (_, o) => ({
				params: () => ({ id: o.vehicleId }),
				form: () => ({ customerId: o.customerId })
			})
		},
		{ key: '/(app)/jobs/new load', permission: 'jobs.book', build: () => ({}) },
		{
			key: '/(app)/jobs/new action:default',
			permission: 'jobs.book',
			build: (_, o) => ({ form: () => ({ vehicleId: o.vehicleId, title: 'Booked by role' }) })
		},
		{
			key: '/(app)/jobs/[id] action:booking',
			permission: 'jobs.book',
			build: (_, o) => ({ params: () => ({ id: o.jobId }), form: () => ({ title: 'Renamed' }) })
		},
		{
			key: '/(app)/jobs/[id] action:logTime',
			permission: 'jobs.time',
			build: (_, o) => ({ params: () => ({ id: o.jobId }), form: () => ({ minutes: '15' }) })
		},
		{
			key: '/(app)/jobs/[id] action:start',
			permission: 'jobs.time',
			build: (_, o) => ({ params: () => ({ id: o.jobId }) })
		},
		{
			key: '/(app)/jobs/[id] action:status',
			permission: (role) => transitionRoles('booked', 'in_progress')!.includes(role),
			build: (_, o) => ({ params: () => ({ id: o.jobId }), form: () => ({ to: 'in_progress' }) })
		},
		{
			key: '/(app)/jobs/[id] action:note',
			permission: 'jobs.note',
			build: (_, o) => ({ params: () => ({ id: o.jobId }), form: () => ({ body: 'hi' }) })
		},
		{ key: '/(app)/settings/members load', permission: 'members.manage', build: () => ({}) },
		{
			key: '/(app)/settings/members action:invite',
			permission: 'members.manage',
			build: () => ({
				form: () => ({ email: `r-${crypto.randomUUID()}@example.test`, role: 'tuner' })
			})
		},
		{
			key: '/(app)/settings/members action:role',
			permission: 'members.manage',
			build: (team) => ({ form: () => ({ userId: team.tuner.userId, role: 'tuner' }) })
		},
		{
			key: '/(app)/settings/bays action:add',
			permission: 'bays.manage',
			build: () => ({ form: () => ({ name: `B ${crypto.randomUUID()}` }) })
		},
		{
			key: '/(app)/settings/bays action:remove',
			permission: 'bays.manage',
			build: (_, o) => ({ form: () => ({ bayId: o.bayId }) })
		}
	];

	for (const role of ROLES) {
		it(`lets a ${role} through exactly where the permission table says`, async () => {
			const team = await seedTeam(t.db, `Roles ${role}`);
			const failures: string[] = [];
			const fixtures = await ownFixtures(team);
			for (const rc of ROLE_CASES) {
				const h = handlers.find((x) => x.key === rc.key);
				if (!h) {
					failures.push(`${rc.key}: no such handler`);
					continue;
				}
				const allowed =
					typeof rc.permission === 'function' ? rc.permission(role) : can(role, rc.permission);
				const answer = await invoke(
					h,
					await localsOf(actorOf(team, role)),
					{ scope: 'own', ...rc.build(team, fixtures) },
					foreign
				);
				if (allowed && answer.status >= 400)
					failures.push(
						`${rc.key}: allowed but answered ${answer.status} ${answer.body.slice(0, 120)}`
					);
				if (!allowed && answer.status !== 403)
					failures.push(`${rc.key}: not allowed but answered ${answer.status}`);
			}
			expect(failures).toEqual([]);
		});
	}
});
