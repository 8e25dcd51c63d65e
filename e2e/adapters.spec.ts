import { readFileSync } from 'node:fs';
import { test, expect, signInAsDemo } from './fixtures';

// Every adapter family connects through the Connect page with its byte-exact emulator injected in place of the
// device (e2e/hardware-emulator-entry.ts), and shows the simulated car's live data.

const families = [
	{ id: 'slcan', button: 'Choose serial port…', name: 'SLCAN (lawicel)' },
	{ id: 'panda', button: 'Choose USB adapter…', name: 'panda' },
	{ id: 'openport', button: 'Choose USB adapter…', name: 'OpenPort 2.0' },
	{ id: 'elm327', button: 'Choose serial port…', name: 'ELM327 / STN (OBD-II PIDs)' }
] as const;

for (const family of families) {
	test(`${family.id}: connects through the Connect page and shows live data`, async ({ page }) => {
		await signInAsDemo(page);
		await page
			.locator(`li[data-family="${family.id}"]`)
			.getByRole('button', { name: family.button })
			.click();
		await expect(page.getByTestId('link-state')).toContainText(`Connected: ${family.name}`, {
			timeout: 20_000
		});
		await expect(page.getByTestId('gauge-EngineSpeed')).not.toHaveText('—');
		await expect(page.getByTestId('gauge-EngineSpeed')).toHaveText(/\d{3,}/);
	});
}

test('elm327: the page says what sample rate to expect from polling, and why', async ({ page }) => {
	await signInAsDemo(page);
	await page
		.locator('li[data-family="elm327"]')
		.getByRole('button', { name: 'Choose serial port…' })
		.click();
	await expect(page.getByTestId('expected-rate')).toContainText(
		/Expected ≈ \d+(\.\d)? samples\/s: \d requests? per round/,
		{
			timeout: 20_000
		}
	);
});

test('tunerstudio: with the ECU’s .ini loaded, a Speeduino connects and streams output channels', async ({
	page
}) => {
	const ini = readFileSync('../shared/data/speeduino/speeduino.ini');
	await signInAsDemo(page);
	await page.evaluate(
		(text) =>
			(
				globalThis as unknown as { __cartechSerial: { setIni(t: string): void } }
			).__cartechSerial.setIni(text),
		ini.toString('latin1')
	);
	const card = page.locator('li[data-family="tunerstudio"]');
	await expect(card.getByRole('button', { name: 'Choose serial port…' })).toBeDisabled();
	await card.locator('input[name="ini"]').setInputFiles({
		name: 'speeduino.ini',
		mimeType: 'text/plain',
		buffer: ini
	});
	await card.getByRole('button', { name: 'Choose serial port…' }).click();
	await expect(page.getByTestId('link-state')).toContainText('Connected: TunerStudio ECU', {
		timeout: 20_000
	});
	await expect(page.getByTestId('gauge-EngineSpeed')).toHaveText(/\d{3,}/);
	await expect(page.getByTestId('expected-rate')).toContainText('samples/s');
});

test('slcan: unplugging the serial adapter shows "Disconnected"', async ({ page }) => {
	await signInAsDemo(page);
	await page
		.locator('li[data-family="slcan"]')
		.getByRole('button', { name: 'Choose serial port…' })
		.click();
	await expect(page.getByTestId('link-state')).toContainText('Connected: SLCAN (lawicel)');
	await page.evaluate(() =>
		(globalThis as unknown as { __cartechSerial: { unplug(): void } }).__cartechSerial.unplug()
	);
	await expect(page.getByTestId('link-state')).toContainText('Disconnected');
});

test('diagnostics through an ELM327: VIN, codes with descriptions, readiness, freeze frame, and a confirmed clear', async ({
	page
}) => {
	await signInAsDemo(page);
	await page
		.locator('li[data-family="elm327"]')
		.getByRole('button', { name: 'Choose serial port…' })
		.click();
	await expect(page.getByTestId('link-state')).toContainText('Connected', { timeout: 20_000 });
	await page.getByRole('link', { name: 'Diagnostics' }).click();
	await expect(page.getByTestId('vin')).toHaveText('WCTZZZ000RS000042', { timeout: 20_000 });
	const dtcs = page.getByTestId('dtcs');
	await expect(dtcs).toContainText('P0133');
	await expect(dtcs).toContainText(/O2 Sensor Circuit Slow Response|slow response/i);
	await expect(page.getByTestId('mil')).toContainText('MIL ON');
	await expect(page.getByTestId('freeze-frame')).toContainText('Engine speed');
	await expect(page.getByTestId('pid-count')).toContainText(/\d+ PIDs supported/);

	await page.getByRole('button', { name: 'Clear codes…' }).click();
	await page.getByRole('button', { name: 'Yes, clear codes' }).click();
	await expect(page.getByTestId('mil')).toContainText('MIL off', { timeout: 20_000 });
	// Permanent codes survive a clear (SAE J1979 service 0A); the stored ones are gone.
	await expect(page.getByTestId('dtcs')).not.toContainText('stored');
});
