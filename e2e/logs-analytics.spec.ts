import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { referencePeaks } from '../src/lib/hardware/emulators/vehicle/reference-power';
import { test, expect, signInAsDemo } from './fixtures';

const SHORT_MLG = resolve('../shared/data/mlg-converter/short.mlg');

/** Connects the simulated car with the 3rd-gear WOT scenario from the Connect page. */
async function connectSimulatedCar(page: Page) {
	const card = page.locator('li[data-family="simulated"]');
	await card.locator('select[name="scenario"]').selectOption('wot-pull-3rd');
	await card.getByRole('button', { name: 'Connect simulated car' }).click();
	await expect(page.getByTestId('link-state')).toContainText('Connected');
}

/**
 * Records one whole pull: recording starts at idle, then picking the scenario again restarts the car at the
 * start of the script (≈2450 rpm in 3rd, WOT at 1 s, limiter at ≈7.3 s, lift at 8.5 s).
 */
async function recordPull(page: Page, name: string) {
	const scenario = page.getByRole('combobox', { name: 'Scenario' });
	await scenario.selectOption('idle');
	await page.getByLabel('Run name').fill(name);
	await page.getByRole('button', { name: 'Record', exact: true }).click();
	await expect(page.getByTestId('recording')).toBeVisible();
	await scenario.selectOption('wot-pull-3rd');
	await page.waitForTimeout(9_500);
	await page.getByRole('button', { name: 'Stop recording' }).click();
	await expect(page.getByTestId('uploads')).toContainText('0 pending', { timeout: 30_000 });
}

async function openLog(page: Page, name: string) {
	await page.getByRole('link', { name: 'Logs', exact: true }).click();
	await page.getByTestId('log-row').filter({ hasText: name }).getByRole('link').click();
	await page.waitForURL(/\/logs\/[0-9a-f-]{36}$/);
}

test('an MLG file imports as a log that opens with its charts', async ({ page }) => {
	await signInAsDemo(page);
	await page.goto('/logs');
	await page.getByRole('link', { name: 'Import a log file…' }).click();
	await page.getByLabel('Log file').setInputFiles(SHORT_MLG);
	const name = `short.mlg ${Date.now()}`;
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByRole('button', { name: 'Import' }).click();
	await page.waitForURL(/\/logs\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { name })).toBeVisible();
	// 66 records × 70 channels (every field but Time).
	await expect(page.getByTestId('sample-count')).toHaveText(/^4\D?620$/);
	await expect(page.getByTestId('peaks')).toContainText('RPM');
	const rpm = page.locator('.log-chart[data-channel="RPM"]');
	await expect(rpm.locator('canvas')).toBeVisible();
	await expect(rpm).toHaveAttribute('data-points', /^[1-9]\d*$/);
});

test('a generic CSV imports through the header mapping: time column and unit, a rename, a column left out', async ({
	page
}) => {
	await signInAsDemo(page);
	await page.goto('/logs');
	await page.getByRole('link', { name: 'Import a log file…' }).click();
	await page.getByLabel('Log file').setInputFiles({
		name: 'bench-run.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('when_ms;Eng RPM;junk\n0;900;x\n100;950;y\n200;1000;z\n')
	});
	await expect(page.getByTestId('csv-columns')).toContainText('Eng RPM');
	await page.getByLabel('Time from').selectOption('when_ms');
	await page.getByLabel('Time unit').selectOption('ms');
	await page.getByLabel('Name for Eng RPM').fill('EngineSpeed');
	await page.getByLabel('Leave out junk').check();
	await page.getByRole('button', { name: 'Import' }).click();
	await page.waitForURL(/\/logs\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('sample-count')).toHaveText('3');
	await expect(page.getByText('0.2 s')).toBeVisible();
	await expect(page.locator('.log-chart[data-channel="EngineSpeed"]')).toHaveAttribute(
		'data-points',
		'3'
	);
	await expect(page.locator('.log-chart')).toHaveCount(1);
});

test('a damaged MLG is refused naming the byte and record; what decoded before it can be kept', async ({
	page
}) => {
	const bytes = readFileSync(SHORT_MLG);
	// MLG v1 header: data begins at the i32 at byte 14, records are the u16 at byte 18 long (mlg-format.ts).
	const dataBegin = bytes.readInt32BE(14);
	const blockBytes = 4 + bytes.readUInt16BE(18) + 1;
	const offset = dataBegin + 10 * blockBytes;
	bytes[offset + blockBytes - 1] ^= 0xff;

	await signInAsDemo(page);
	await page.goto('/logs/import');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Log file').setInputFiles({
		name: 'damaged.mlg',
		mimeType: 'application/octet-stream',
		buffer: bytes
	});
	await page.getByRole('button', { name: 'Import' }).click();
	const alert = page.getByTestId('import-error');
	await expect(alert).toContainText(`at byte ${offset} (record 10)`);
	await expect(alert).toContainText('10 rows decoded before the damage');
	await page.getByRole('button', { name: 'Keep what decoded before the damage' }).click();
	await page.waitForURL(/\/logs\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('sample-count')).toHaveText('700');
});

test('a WOT pull recorded from the simulated car shows the engine’s peak power on the dyno within 3 %', async ({
	page
}) => {
	test.setTimeout(150_000);
	await signInAsDemo(page);
	await connectSimulatedCar(page);
	const name = `Dyno pull ${Date.now()}`;
	await recordPull(page, name);

	await openLog(page, name);
	await page.getByRole('main').getByRole('link', { name: 'Dyno', exact: true }).click();
	await expect(page.getByTestId('pulls')).toBeVisible();
	await expect(page.locator('.dyno-chart canvas')).toBeVisible();
	// The simulated engine has no air-density model, so compare figures as measured.
	await page.getByLabel('Correction').selectOption('none');
	await page.getByRole('button', { name: 'Compute' }).click();
	await expect(page).toHaveURL(/correction=none/);
	await expect(page.getByTestId('dyno-meta')).toContainText('correction none');
	await expect(page.getByTestId('dyno-meta')).toContainText('gear 3');
	const kw = Number(await page.getByTestId('dyno-peak').getAttribute('data-power-kw'));
	const reference = referencePeaks().powerKw;
	console.log(`dyno peak ${kw.toFixed(2)} kW vs reference ${reference.toFixed(2)} kW`);
	expect(Math.abs(kw / reference - 1)).toBeLessThan(0.03);
});

test('two recorded pulls picked from the log list overlay by rpm and by time, with deltas', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signInAsDemo(page);
	await connectSimulatedCar(page);
	const stamp = Date.now();
	await recordPull(page, `Before ${stamp}`);
	await recordPull(page, `After ${stamp}`);

	await page.getByRole('link', { name: 'Logs', exact: true }).click();
	await page.getByLabel(`A: Before ${stamp}`, { exact: true }).check();
	await page.getByLabel(`B: After ${stamp}`, { exact: true }).check();
	await page.getByRole('button', { name: 'Compare A with B' }).click();
	await expect(page).toHaveURL(/\/logs\/compare\?/);
	const picked = new URL(page.url()).searchParams;
	expect(picked.get('a')).toMatch(/^[0-9a-f-]{36}$/);
	expect(picked.get('b')).toMatch(/^[0-9a-f-]{36}$/);

	const dyno = page.getByTestId('compare-dyno');
	await expect(dyno.locator('.dyno-chart')).toHaveAttribute('data-runs', '2');
	await expect(dyno.locator('.overlay-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
	const peaks = await page
		.getByTestId('dyno-peak')
		.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-power-kw'))));
	expect(peaks).toHaveLength(2);
	// The same car and script twice: the runs agree.
	expect(Math.abs(peaks[1] / peaks[0] - 1)).toBeLessThan(0.03);

	const time = page.getByTestId('compare-time');
	await expect(time.locator('.overlay-chart').first()).toHaveAttribute('data-series', '2');
	await expect(time.locator('.overlay-chart').nth(1)).toHaveAttribute('data-points', /^[1-9]\d*$/);
	await expect(time).toContainText('Aligned by the pulls’ starts');
});
