import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvLogError, DynoImportError } from '$lib/logs/formats';
import { POWER_TO_KW, TORQUE_TO_NM } from '$lib/logs/formats/units';
import { createTestDb, seedShop, type TestDb } from '../db/test-db';
import { dynoRun, job } from '../db/schema';
import { storeSimulatedLog } from '../dyno/simulated-log.test-helper';
import { storeVehicle } from '../log-analytics/stored-log.test-helper';
import { PermissionDeniedError } from '../shops/errors';
import type { Actor } from '../shops/permissions';
import { NotFoundError } from '../timeseries/errors';
import { loadRunsCompareView } from './compare-runs';
import { importDynoRun, type ImportDynoRunInput } from './import-run';
import { deleteDynoMapping, listDynoMappings, saveDynoMapping } from './mappings';
import { deleteDynoRun, dynoRunCurve, getDynoRun, listDynoRuns } from './runs';

/** A Dynojet WinPEP-style export: notes naming the correction, "Name (unit)" headers, imperial units. */
const DYNOJET = [
	'Dynojet Research WinPEP 8 Export',
	'Correction Factor: SAE J1349',
	'Time (sec),Engine Speed (RPM),Power (HP),Torque (lb-ft),Speed (MPH),Air/Fuel Ratio 1 (AFR)',
	'0.0,3000,100.0,175.1,40.1,12.9',
	'0.5,4000,150.0,196.9,53.5,12.5',
	'1.0,5000,190.0,199.6,66.8,12.1',
	'1.5,6000,210.0,183.8,80.2,11.9',
	'2.0,7000,200.0,150.1,93.6,11.8'
].join('\r\n');

/** A Mainline-style export a shop maps by hand: semicolons, decimal commas, a power column named oddly. */
const MAINLINE = [
	'Mainline DynoLog;;',
	'Motor;P Rad;Zugkraft',
	'3000;55,2;2480',
	'4000;80,0;2700',
	'5000;96,5;2600'
].join('\n');
const MAINLINE_MAPPING = {
	vendor: 'mainline',
	columns: {
		rpm: { column: 'Motor' },
		power: { column: 'P Rad', unit: 'kW' },
		force: { column: 'Zugkraft', unit: 'N' }
	}
};

let t: TestDb;
let owner: Actor;
let other: Actor;
let vehicleId: string;
let otherVehicleId: string;
let foreignVehicleId: string;
beforeAll(async () => {
	t = await createTestDb();
	const a = await seedShop(t.db, 'Dyno cell');
	const b = await seedShop(t.db, 'Elsewhere');
	owner = { shopId: a.shopId, userId: a.userId, role: 'owner' };
	other = { shopId: b.shopId, userId: b.userId, role: 'owner' };
	vehicleId = await storeVehicle(t.db, a.shopId, 'Evo IX');
	otherVehicleId = await storeVehicle(t.db, a.shopId, 'Golf');
	foreignVehicleId = await storeVehicle(t.db, b.shopId, 'Not ours');
});
afterAll(() => t.close());

const input = (over: Partial<ImportDynoRunInput> = {}): ImportDynoRunInput => ({
	name: 'Base map',
	vehicleId,
	body: DYNOJET,
	...over
});

async function addJob(forVehicle: string, number: number): Promise<string> {
	const id = crypto.randomUUID();
	await t.db.insert(job).values({
		id,
		shopId: owner.shopId,
		number,
		vehicleId: forVehicle,
		title: 'Dyno tune',
		status: 'in_progress'
	});
	return id;
}

describe('importDynoRun', () => {
	it('stores a Dynojet export in kW and N·m with its peaks, the stated correction and the vendor', async () => {
		const stored = await importDynoRun(t.db, owner, input({ fileName: 'run012.csv' }));
		expect(stored).toMatchObject({ pointCount: 5, correction: 'sae-j1349', source: 'dynojet' });
		expect(stored.peaks.powerKw).toBeCloseTo(210 * POWER_TO_KW.hp, 9);
		expect(stored.peaks.powerRpm).toBe(6000);
		expect(stored.peaks.torqueNm).toBeCloseTo(199.6 * TORQUE_TO_NM.lbft, 9);
		expect(stored.peaks.torqueRpm).toBe(5000);

		const run = await getDynoRun(t.db, owner.shopId, stored.id);
		expect(run).toMatchObject({ name: 'Base map', vehicleName: 'Evo IX', basis: 'wheel' });
		expect(run.row.fileName).toBe('run012.csv');
		expect(run.row.meta.info).toEqual([
			'Dynojet Research WinPEP 8 Export',
			'Correction Factor: SAE J1349'
		]);
		expect(run.row.points.afr).toEqual([12.9, 12.5, 12.1, 11.9, 11.8]);
		expect(run.row.points.speedKmh![0]).toBeCloseTo(40.1 * 1.609344, 9);

		const curve = dynoRunCurve(run.row);
		expect(Array.from(curve.rpm)).toEqual([3000, 4000, 5000, 6000, 7000]);
		expect(curve.powerKw[2]).toBeCloseTo(190 * POWER_TO_KW.hp, 9);
		expect(curve.correction).toEqual({ standard: 'sae-j1349', factor: 1 });
		expect(curve.meta).toMatchObject({ source: 'imported', vendor: 'dynojet', vehicleId });
	});

	it('links the run to a job of the same vehicle and the active tune version', async () => {
		const jobId = await addJob(vehicleId, 1);
		const stored = await importDynoRun(
			t.db,
			owner,
			input({ name: 'Stage 2', jobId, tuneVersionId: 'tune-v7', correction: 'din-70020' })
		);
		const run = await getDynoRun(t.db, owner.shopId, stored.id);
		expect(run).toMatchObject({ jobId, jobNumber: 1, tuneVersionId: 'tune-v7' });
		expect(run.correction).toBe('din-70020');
	});

	it('refuses a job booked for another vehicle, and a vehicle or job of another shop', async () => {
		const golfJob = await addJob(otherVehicleId, 2);
		await expect(importDynoRun(t.db, owner, input({ jobId: golfJob }))).rejects.toThrow(
			new TypeError('job #2 is for another vehicle')
		);
		await expect(
			importDynoRun(t.db, owner, input({ vehicleId: foreignVehicleId }))
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			importDynoRun(t.db, other, input({ vehicleId: foreignVehicleId, jobId: golfJob }))
		).rejects.toBeInstanceOf(NotFoundError);
	});

	it('reads an export the detector cannot place with a mapping the shop saved, power from roller force', async () => {
		await expect(importDynoRun(t.db, owner, input({ body: MAINLINE }))).rejects.toSatisfy(
			(err: unknown) =>
				err instanceof DynoImportError &&
				err.proposal !== null &&
				err.proposal.missing.join() === 'rpm,power or torque'
		);
		const saved = await saveDynoMapping(t.db, owner, {
			name: 'Mainline, German export',
			mapping: MAINLINE_MAPPING
		});
		const [listed] = await listDynoMappings(t.db, owner.shopId);
		expect(listed).toEqual(saved);
		const stored = await importDynoRun(
			t.db,
			owner,
			input({ name: 'Mainline', body: MAINLINE, mapping: listed.mapping })
		);
		expect(stored).toMatchObject({ source: 'mainline', correction: 'as-imported', pointCount: 3 });
		const run = await getDynoRun(t.db, owner.shopId, stored.id);
		expect(run.row.meta).toMatchObject({ mappingName: 'Mainline, German export' });
		expect(run.row.meta.derived).toEqual({ power: false, torque: true });
		expect(run.row.points.forceN).toEqual([2480, 2700, 2600]);
		expect(run.peaks.powerKw).toBeCloseTo(96.5, 9);
	});

	it('names the missing column when a mapping does not fit the file, and the line of a bad cell', async () => {
		await expect(importDynoRun(t.db, owner, input({ mapping: MAINLINE_MAPPING }))).rejects.toThrow(
			/the rpm column "Motor" is not in the header/
		);
		const bad = DYNOJET.replace('150.0', 'abc');
		await expect(importDynoRun(t.db, owner, input({ body: bad }))).rejects.toSatisfy(
			(err: unknown) => err instanceof CsvLogError && err.line === 5
		);
	});

	it('refuses bad fields and a mapping that maps no power, with what is wrong', async () => {
		await expect(importDynoRun(t.db, owner, input({ name: '  ' }))).rejects.toThrow(
			new TypeError('a dyno run needs a name')
		);
		await expect(
			importDynoRun(t.db, owner, input({ mapping: { columns: { rpm: { column: 'RPM' } } } }))
		).rejects.toThrow(/map a power or torque column/);
		await expect(
			importDynoRun(t.db, owner, input({ correction: 'guess' as never }))
		).rejects.toBeInstanceOf(TypeError);
		const count = await t.db.$count(dynoRun, eq(dynoRun.shopId, owner.shopId));
		expect(count).toBe(3);
	});

	it('lets only roles that edit logs import runs and save mappings', async () => {
		const tech: Actor = { ...owner, role: 'technician' };
		await expect(importDynoRun(t.db, tech, input())).rejects.toBeInstanceOf(PermissionDeniedError);
		await expect(
			saveDynoMapping(t.db, tech, { name: 'x', mapping: MAINLINE_MAPPING })
		).rejects.toBeInstanceOf(PermissionDeniedError);
		await expect(
			importDynoRun(t.db, { ...owner, role: 'tuner' }, input({ name: 'By the tuner' }))
		).resolves.toMatchObject({ pointCount: 5 });
	});
});

describe('saved mappings', () => {
	it('replaces a mapping saved again under the same name, and keeps shops apart', async () => {
		const first = await saveDynoMapping(t.db, owner, {
			name: 'Cell 2',
			mapping: MAINLINE_MAPPING
		});
		const second = await saveDynoMapping(t.db, owner, {
			name: 'Cell 2',
			mapping: { ...MAINLINE_MAPPING, delimiter: 'semicolon' }
		});
		expect(second.id).toBe(first.id);
		expect(second.mapping.delimiter).toBe('semicolon');
		expect((await listDynoMappings(t.db, owner.shopId)).map((m) => m.name)).toEqual([
			'Cell 2',
			'Mainline, German export'
		]);
		expect(await listDynoMappings(t.db, other.shopId)).toEqual([]);
		await expect(deleteDynoMapping(t.db, other, first.id)).rejects.toBeInstanceOf(NotFoundError);
		await deleteDynoMapping(t.db, owner, first.id);
		expect(await listDynoMappings(t.db, owner.shopId)).toHaveLength(1);
	});

	it('refuses a nameless or invalid mapping', async () => {
		await expect(
			saveDynoMapping(t.db, owner, { name: '', mapping: MAINLINE_MAPPING })
		).rejects.toThrow('a saved mapping needs a name');
		await expect(
			saveDynoMapping(t.db, owner, { name: 'Bad', mapping: { columns: {} } })
		).rejects.toThrow(/dyno mapping: columns.rpm/);
	});
});

describe('runs of a shop', () => {
	it('lists newest first, per vehicle, and never another shop’s', async () => {
		const all = await listDynoRuns(t.db, owner.shopId);
		expect(all.map((r) => r.name)).toEqual(['By the tuner', 'Mainline', 'Stage 2', 'Base map']);
		expect(await listDynoRuns(t.db, owner.shopId, { vehicleId: otherVehicleId })).toEqual([]);
		expect(await listDynoRuns(t.db, other.shopId)).toEqual([]);
		await expect(getDynoRun(t.db, other.shopId, all[0].id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(deleteDynoRun(t.db, other, all[0].id)).rejects.toBeInstanceOf(NotFoundError);
		await deleteDynoRun(t.db, owner, all[0].id);
		expect(await listDynoRuns(t.db, owner.shopId)).toHaveLength(3);
	});
});

describe('loadRunsCompareView', () => {
	let pullLogId: string;
	let baseId: string;
	beforeAll(async () => {
		pullLogId = await storeSimulatedLog(t.db, {
			shopId: owner.shopId,
			name: 'Road pull',
			scenario: 'wot-pull-3rd'
		});
		baseId = (await listDynoRuns(t.db, owner.shopId)).find((r) => r.name === 'Base map')!.id;
	}, 60_000);

	const view = (q: string, shop = owner.shopId) =>
		loadRunsCompareView(t.db, shop, new URLSearchParams(q));

	it('draws an imported run and a virtual run of a logged pull on one rpm axis, with the delta', async () => {
		const v = await view(`runs=run:${baseId},log:${pullLogId}:0`);
		expect(v.problems).toEqual([]);
		expect(v.runs.map((r) => [r.kind, r.label])).toEqual([
			['imported', '1. Base map (dynojet)'],
			['virtual', '2. Road pull, pull 1 (virtual)']
		]);
		const [imported, virtual] = v.runs;
		expect(imported.rpm).toEqual([3000, 4000, 5000, 6000, 7000]);
		expect(virtual.rpm.length).toBeGreaterThan(50);
		expect(virtual).toMatchObject({ pulls: 1, pull: 0, correction: 'SAE J1349', basis: 'wheel' });
		expect(v.reference).toBe('1. Base map (dynojet)');
		expect(v.deltas).toHaveLength(1);
		const d = v.deltas[0];
		// Both SAE J1349 at the wheel: the delta is like for like.
		expect(d.comparable).toBe(true);
		expect(d.rpm[0]).toBeGreaterThanOrEqual(3000);
		expect(d.rpm.at(-1)).toBeLessThanOrEqual(7000);
		const k = d.rpm.indexOf(5000);
		const at5000 = virtual.powerKw[virtual.rpm.findIndex((r) => r >= 5000)];
		expect(d.deltaPowerKw[k]).toBeCloseTo(at5000 - 190 * POWER_TO_KW.hp, -1);
		expect(v.choices.dynoRuns.map((r) => r.token)).toContain(`run:${baseId}`);
		expect(v.choices.logs.map((l) => l.token)).toContain(`log:${pullLogId}:0`);
	});

	it('flags a delta between differently corrected runs as not like for like', async () => {
		const v = await view(`runs=run:${baseId}&runs=log:${pullLogId}:0&correction=none`);
		expect(v.runs[1].correction).toBe('uncorrected');
		expect(v.deltas[0].comparable).toBe(false);
	});

	it('lists runs it cannot draw with the reason, and ignores tokens that are not runs', async () => {
		const v = await view(
			`runs=run:nope,log:${pullLogId}:0,junk,run:${baseId}:3&runs=log:${baseId}:0`
		);
		expect(v.runs.map((r) => r.kind)).toEqual(['virtual']);
		expect(v.problems).toEqual([
			{ token: 'run:nope', message: 'dyno run not found' },
			{ token: `log:${baseId}:0`, message: 'log not found' }
		]);
		expect(v.deltas).toEqual([]);
		const foreign = await view(`runs=run:${baseId},log:${pullLogId}:0`, other.shopId);
		expect(foreign.runs).toEqual([]);
		expect(foreign.problems.map((p) => p.message)).toEqual(['dyno run not found', 'log not found']);
	});
});
