import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { rpmPerKmh } from '../src/lib/analytics/vehicle-profile';
import { SIMULATED_CAR_PROFILE } from '../src/lib/hardware/emulators/vehicle/reference-power';
import { test, expect, signInAsDemo } from './fixtures';

/** Shaped like a Dynojet WinPEP export: run notes naming the correction, "Name (unit)" headers, imperial units. */
const DYNOJET_CSV = [
	'Dynojet Research WinPEP 8 Export',
	'Run File: C:\\Runs\\run014.drf',
	'Correction Factor: SAE J1349',
	'Time (sec),Engine Speed (RPM),Power (HP),Torque (lb-ft),Speed (MPH),Air/Fuel Ratio 1 (AFR)',
	'0.0,3000,100.0,175.1,40.1,12.9',
	'0.8,3500,124.0,186.1,46.8,12.7',
	'1.6,4000,150.0,196.9,53.5,12.5',
	'2.4,4500,171.0,199.6,60.2,12.3',
	'3.2,5000,190.0,199.6,66.8,12.1',
	'4.0,5500,202.0,192.9,73.5,12.0',
	'4.8,6000,210.0,183.8,80.2,11.9',
	'5.6,6500,208.0,168.1,86.9,11.8',
	'6.4,7000,200.0,150.1,93.6,11.8'
].join('\r\n');

/**
 * A logged 3rd-gear full-throttle pull of the simulated car as a generic CSV, 50 Hz for 10 s: part throttle at
 * 2500 rpm, full throttle from 1 s with rpm rising to 7000 at 8 s, road speed from rpm through the car's 3rd gear
 * (the dyno form's default profile), lift at 8.5 s.
 */
function pullCsv(): string {
	const p = SIMULATED_CAR_PROFILE;
	const perKmh = rpmPerKmh(p.gearRatios[2] * p.finalDrive, p.rollingRadiusM);
	const lines = ['Time (s),EngineSpeed (rpm),ThrottlePosition (%),VehicleSpeed (km/h),Gear'];
	for (let i = 0; i <= 500; i++) {
		const t = i / 50;
		const x = Math.min(1, Math.max(0, (t - 1) / 7));
		const rpm = 2500 + 4500 * (1 - (1 - x) ** 1.4);
		const tps = t >= 1 && t < 8.5 ? 100 : 12;
		lines.push([t.toFixed(2), rpm.toFixed(1), tps, (rpm / perKmh).toFixed(2), 3].join(','));
	}
	return lines.join('\n') + '\n';
}

async function addVehicle(page: Page, name: string) {
	await page.goto('/vehicles');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Add vehicle' }).click();
	await page.waitForURL(/\/vehicles\/[^/]+\/safety/);
}

async function importLogFile(page: Page, name: string, file: { name: string; buffer: Buffer }) {
	await page.goto('/logs/import');
	await page.waitForLoadState('networkidle');
	await page
		.getByLabel('Log file')
		.setInputFiles({ ...file, mimeType: 'application/octet-stream' });
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Import' }).click();
	await page.waitForURL(/\/logs\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname.split('/')[2];
}

test('a Dynojet export imports for a vehicle and draws on the same axes as a virtual-dyno pull', async ({
	page
}) => {
	test.setTimeout(120_000);
	const stamp = Date.now();
	await signInAsDemo(page);
	const vehicle = `Dyno Evo ${stamp}`;
	await addVehicle(page, vehicle);
	const logName = `Road pull ${stamp}`;
	const logId = await importLogFile(page, logName, {
		name: 'pull.csv',
		buffer: Buffer.from(pullCsv())
	});

	await page.goto('/dyno');
	await page.getByRole('link', { name: 'Import a dyno run…' }).click();
	await page.waitForURL(/\/dyno\/import$/);
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Dyno export (CSV)').setInputFiles({
		name: 'run014.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(DYNOJET_CSV)
	});
	const mapping = page.getByTestId('dyno-mapping');
	await expect(mapping).toBeVisible();
	await expect(page.getByLabel('Column for Engine speed (rpm)')).toHaveValue('Engine Speed (RPM)');
	await expect(page.getByLabel('Column for Power')).toHaveValue('Power (HP)');
	await expect(page.getByLabel('Unit of Power')).toHaveValue('hp');
	await expect(page.getByLabel('Unit of Torque')).toHaveValue('lbft');
	await expect(page.getByTestId('dyno-preview')).toContainText(
		'9 points, peak 156.6 kW at 6000 rpm'
	);

	await page.getByLabel('Name', { exact: true }).fill(`Base map ${stamp}`);
	await page.getByLabel('Vehicle').selectOption({ label: vehicle });
	await page.getByLabel('Tune version').fill('stock-ecu-v1');
	await page.getByLabel('Save this mapping as').fill(`WinPEP 8 ${stamp}`);
	await page.getByRole('button', { name: 'Import' }).click();
	await page.waitForURL(/\/dyno\/[0-9a-f-]{36}$/);
	const runId = new URL(page.url()).pathname.split('/')[2];
	const meta = page.getByTestId('dyno-run-meta');
	await expect(meta).toContainText(vehicle);
	await expect(meta).toContainText('tune stock-ecu-v1');
	await expect(meta).toContainText('dynojet · SAE J1349 · at the wheel · 9 points');
	const imported = Number(await page.getByTestId('dyno-peak').getAttribute('data-power-kw'));
	expect(imported).toBeCloseTo(210 * 0.745699872, 6);

	await page.getByRole('link', { name: 'Compare with other runs or a logged pull' }).click();
	await expect(page).toHaveURL(new RegExp(`/dyno/compare\\?runs=run(:|%3A)${runId}$`));
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Add a logged pull (virtual dyno)').selectOption(`log:${logId}:0`);
	await page.getByRole('button', { name: 'Compare' }).click();
	await expect(page).toHaveURL(/runs=log(:|%3A)/);

	const compare = page.getByTestId('dyno-compare');
	await expect(compare.locator('.dyno-chart')).toHaveAttribute('data-runs', '2');
	await expect(compare.locator('.dyno-chart canvas')).toBeVisible();
	await expect(compare.locator('tr[data-kind="imported"]')).toContainText(`Base map ${stamp}`);
	await expect(compare.locator('tr[data-kind="virtual"]')).toContainText(`${logName}, pull 1`);
	const peaks = await page
		.getByTestId('dyno-peak')
		.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-power-kw'))));
	expect(peaks).toHaveLength(2);
	expect(peaks[0]).toBeCloseTo(imported, 6);
	expect(peaks[1]).toBeGreaterThan(20);
	await expect(compare.locator('.overlay-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);

	// The saved mapping is offered on the next import.
	await page.goto('/dyno/import');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Dyno export (CSV)').setInputFiles({
		name: 'run015.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(DYNOJET_CSV)
	});
	await expect(page.getByLabel('Saved mapping')).toContainText(`WinPEP 8 ${stamp}`);
});

test('a log downloads as MLG and imports back with every sample', async ({ page }) => {
	const stamp = Date.now();
	await signInAsDemo(page);
	const logId = await importLogFile(page, `Export me ${stamp}`, {
		name: 'pull.csv',
		buffer: Buffer.from(pullCsv())
	});
	// 501 rows × 4 channels.
	await expect(page.getByTestId('sample-count')).toHaveText(/^2\D?004$/);

	const download = page.waitForEvent('download');
	await page.getByTestId('log-export').getByRole('link', { name: 'MLG' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`Export me ${stamp}.mlg`);
	const bytes = readFileSync((await file.path())!);
	expect(bytes.subarray(0, 6).toString('latin1')).toBe('MLVLG\0');

	await importLogFile(page, `Round trip ${stamp}`, { name: 'back.mlg', buffer: bytes });
	await expect(page.getByTestId('sample-count')).toHaveText(/^2\D?004$/);
	const rpm = page.locator('.log-chart[data-channel="EngineSpeed"]');
	await expect(rpm).toHaveAttribute('data-points', /^[1-9]\d*$/);

	await page.goto(`/logs/${logId}/analytics`);
	await expect(page.getByTestId('zone-table')).toBeVisible();
	await expect(page.getByTestId('economy-message')).toContainText('fuel rate (PID 5E)');
});
