import { readFileSync } from 'node:fs';
import { test, expect, signInAsDemo, signUp } from './fixtures';

test('a tuner signs up, connects a car, records 10 s and shares a report the customer can open', async ({
	page,
	browser
}) => {
	await signUp(page);

	await page
		.locator('li[data-family="gs_usb"]')
		.getByRole('button', { name: 'Choose USB adapter…' })
		.click();
	const state = page.getByTestId('link-state');
	await expect(state).toContainText('Connected');

	const rpm = page.getByTestId('gauge-EngineSpeed');
	await expect(rpm).not.toHaveText('—');
	const first = await rpm.textContent();
	await expect.poll(() => rpm.textContent(), { timeout: 5_000 }).not.toBe(first);

	await page.getByLabel('Run name').fill('WOT pull 3rd');
	await page.getByRole('button', { name: 'Record' }).click();
	await expect(page.getByTestId('recording')).toBeVisible();
	await page.waitForTimeout(10_000);
	await page.getByRole('button', { name: 'Stop recording' }).click();
	await expect(page.getByTestId('uploads')).toContainText('0 pending', { timeout: 20_000 });

	await page.getByRole('link', { name: 'Logs' }).click();
	const row = page.getByTestId('log-row').filter({ hasText: 'WOT pull 3rd' });
	await expect(row).toBeVisible();
	const samples = Number((await row.getByTestId('log-samples').textContent())!.replace(/\D/g, ''));
	// The simulated car's DBC carries ≈6,620 samples/s (5 signals at 1 kHz, the rest at 10–100 Hz): 10 s is ≈66k.
	// The margin covers click-to-record latency, not lost data: the upload path itself is exact (integration tests).
	expect(samples).toBeGreaterThan(55_000);

	await row.getByRole('link').click();
	await expect(page.locator('.log-chart[data-channel="EngineSpeed"]')).toHaveAttribute(
		'data-points',
		/^[1-9]\d*$/
	);
	await page.getByRole('button', { name: 'Create report link' }).click();
	const shareUrl = (await page.getByTestId('share-url').textContent())!;
	expect(shareUrl).toMatch(/\/r\/[A-Za-z0-9_-]{40,}$/);

	const customer = await browser.newContext();
	const customerPage = await customer.newPage();
	const response = await customerPage.goto(shareUrl);
	expect(response!.status()).toBe(200);
	expect(response!.headers()['referrer-policy']).toBe('no-referrer');
	expect(response!.headers()['cache-control']).toBe('no-store');
	await expect(customerPage.getByRole('heading', { name: 'WOT pull 3rd' })).toBeVisible();
	await expect(customerPage.getByTestId('peaks')).toContainText('EngineSpeed');
	await expect(customerPage.locator('.log-chart[data-channel="EngineSpeed"] canvas')).toBeVisible();
	await expect(customerPage.locator('.log-chart[data-channel="EngineSpeed"]')).toHaveAttribute(
		'data-points',
		/^[1-9]\d*$/
	);

	await page.getByRole('button', { name: 'Revoke' }).click();
	await expect(page.getByTestId('report-link')).toContainText('revoked');
	const after = await customerPage.goto(shareUrl);
	expect(after!.status()).toBe(404);
	await customer.close();
});

test('pulling the adapter shows "disconnected" within 250 ms and the gauges stop showing values', async ({
	page
}) => {
	await signInAsDemo(page);
	await page
		.locator('li[data-family="gs_usb"]')
		.getByRole('button', { name: 'Choose USB adapter…' })
		.click();
	const state = page.getByTestId('link-state');
	await expect(state).toContainText('Connected');
	await expect(page.getByTestId('gauge-EngineSpeed')).not.toHaveText('—');

	const elapsed = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const status = document.querySelector('[data-testid="link-state"]')!;
				const start = performance.now();
				const observer = new MutationObserver(() => {
					if (/Disconnected/.test(status.textContent ?? '')) {
						observer.disconnect();
						resolve(performance.now() - start);
					}
				});
				observer.observe(status, { childList: true, characterData: true, subtree: true });
				(globalThis as unknown as { __cartechUsb: { unplug(): void } }).__cartechUsb.unplug();
			})
	);
	expect(elapsed).toBeLessThan(250);
	await expect(page.getByTestId('gauge-EngineSpeed')).toHaveText('—');
});

test('a malformed DBC file is refused with its line number, and a good one is taken', async ({
	page
}) => {
	await signInAsDemo(page);
	const input = page.locator('input[type="file"][accept=".dbc"]');
	await input.setInputFiles({
		name: 'broken.dbc',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from(
			'VERSION ""\nBO_ 100 Broken 8 ECU\n SG_ X : 0|8@1+ (1,0) [0|1] "" ECU\n',
			'latin1'
		)
	});
	await expect(page.getByRole('alert')).toContainText('line 2');
	await expect(page.getByTestId('dbc-name')).toHaveText('Simulated car (built in)');

	await input.setInputFiles({
		name: 'motohawk.dbc',
		mimeType: 'application/octet-stream',
		buffer: readFileSync('../shared/data/cantools/motohawk.dbc')
	});
	await expect(page.getByTestId('dbc-name')).toHaveText(/motohawk\.dbc \(\d+ signals\)/);
});

test('overboost: alarm, boost cut on the bus, the event in the log’s safety report, and an audited acknowledgement', async ({
	page
}) => {
	await signInAsDemo(page);
	const card = page.locator('li[data-family="gs_usb"]');
	await card.getByLabel('Allow transmit').check();
	await card.getByRole('button', { name: 'Choose USB adapter…' }).click();
	await expect(page.getByTestId('link-state')).toContainText('Connected');
	await page.getByLabel('Run name').fill('Overboost check');
	await page.getByRole('button', { name: 'Record' }).click();
	await expect(page.getByTestId('recording')).toBeVisible();
	await page.evaluate(() =>
		(
			globalThis as unknown as { __cartechUsb: { setScenario(name: string): void } }
		).__cartechUsb.setScenario('overboost')
	);
	const alarms = page.getByTestId('alarms');
	await expect(alarms).toContainText(/CRITICAL: (Boost|Overboost)/, { timeout: 20_000 });
	await expect(page.getByTestId('safety-actions')).toContainText('boost-cut');
	await expect
		.poll(() =>
			page.evaluate(() =>
				(
					globalThis as unknown as { __cartechUsb: { protectiveRequests(): string[] } }
				).__cartechUsb.protectiveRequests()
			)
		)
		.toContain('boost-cut');

	// The demo user owns the shop, so the policy lets them acknowledge a critical rule, with a reason.
	const boost = alarms.locator('li[data-rule="boost"]');
	await boost.getByRole('button', { name: 'Acknowledge…' }).click();
	await boost.getByLabel(/Reason/).fill('Wastegate actuator checked; hose was off');
	await boost.getByRole('button', { name: 'Acknowledge and record' }).click();
	await expect(boost.getByRole('button', { name: 'Acknowledge…' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Stop recording' }).click();
	await expect(page.getByTestId('uploads')).toContainText('0 pending', { timeout: 20_000 });
	await page.getByRole('link', { name: 'Logs' }).click();
	await page
		.getByTestId('log-row')
		.filter({ hasText: 'Overboost check' })
		.getByRole('link')
		.first()
		.click();
	await expect(page.getByTestId('safety-verdict')).toContainText('Critical');
	await expect(page.getByTestId('safety-events')).toContainText(/Boost|Overboost/);

	await page.getByRole('link', { name: 'Audit' }).click();
	await expect(page.getByTestId('chain-status')).toContainText('Chain verified');
	await expect(page.getByTestId('audit-entries')).toContainText('Wastegate actuator checked');
	await expect(page.getByTestId('audit-entries')).toContainText('acknowledge');
});
