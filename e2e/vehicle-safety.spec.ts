import { test, expect, signInAsDemo } from './fixtures';

test('a tuner lowers a vehicle boost limit as version 2, and an invalid edit is refused with the input kept', async ({
	page
}) => {
	await signInAsDemo(page);
	const name = `E2E Evo ${Date.now()}`;

	await page.goto('/vehicles');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Safety profile').selectOption('turbo-petrol');
	await page.getByRole('button', { name: 'Add vehicle' }).click();
	await page.waitForURL(/\/vehicles\/[^/]+\/safety/);
	const vehicleId = new URL(page.url()).pathname.split('/')[2];
	await expect(page.getByTestId('current-version')).toContainText(
		'Version 1, based on turbo-petrol'
	);
	await expect(page.locator('[data-version="1"]')).toContainText('as shipped');

	const critical = page.getByLabel('Boost critical high', { exact: true });
	await expect(critical).toHaveValue('180');
	await critical.fill('170');
	await page.getByLabel('Note').fill('stock turbo, low boost map');
	await page.getByRole('button', { name: 'Save as version 2' }).click();

	await expect(page.getByRole('status')).toHaveText('Saved version 2.');
	await expect(page.getByTestId('current-version')).toContainText('Version 2');
	const v2 = page.locator('[data-version="2"]');
	await expect(v2).toContainText('Demo Tuner');
	await expect(v2).toContainText('stock turbo, low boost map');
	await expect(v2).toContainText('boost critHigh: 180 → 170');
	await expect(critical).toHaveValue('170');

	const merged = await page.request.get(`/api/vehicles/${vehicleId}/safety-profile`);
	expect(merged.status()).toBe(200);
	const profile = (await merged.json()) as {
		id: string;
		version: number;
		rules: { id: string; critHigh?: number }[];
	};
	expect(profile).toMatchObject({ id: 'turbo-petrol', version: 1002 });
	expect(profile.rules.find((r) => r.id === 'boost')?.critHigh).toBe(170);
	expect((await page.request.get('/api/vehicles/no-such-vehicle/safety-profile')).status()).toBe(
		404
	);

	const warn = page.getByLabel('Boost warn high', { exact: true });
	await warn.fill('200');
	await page.getByLabel('Note').fill('more boost for the dyno');
	await page.getByRole('button', { name: 'Save as version 3' }).click();

	await expect(page.locator('tr.problems')).toContainText('warnHigh 200 is above critHigh 170');
	await expect(warn).toHaveAttribute('aria-invalid', 'true');
	await expect(warn).toHaveValue('200');
	await expect(critical).toHaveValue('170');
	await expect(page.getByLabel('Note')).toHaveValue('more boost for the dyno');
	await expect(page.getByTestId('current-version')).toContainText('Version 2');
	await expect(page.locator('[data-version="3"]')).toHaveCount(0);

	await page.getByLabel('Base profile').selectOption('e85');
	await page.getByRole('button', { name: 'Load its rules' }).click();
	await page.waitForURL(/base=e85/);
	await expect(critical).toHaveValue('190');
	await page.getByRole('button', { name: 'Save as version 3' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved version 3.');
	await expect(page.getByTestId('current-version')).toContainText('Version 3, based on e85');
	await expect(page.locator('[data-version="3"]')).toContainText(
		'base profile: turbo-petrol → e85'
	);
});

test('picking a vehicle on the Connect page judges the session by its profile and files the recording under it', async ({
	page
}) => {
	await signInAsDemo(page);
	const name = `E2E Bench ${Date.now()}`;
	await page.goto('/vehicles');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Safety profile').selectOption('e85');
	await page.getByRole('button', { name: 'Add vehicle' }).click();
	await page.waitForURL(/\/vehicles\/[^/]+\/safety/);

	await page.goto('/connect');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Vehicle').selectOption({ label: name });
	await expect(page.getByTestId('profile-name')).toContainText(/E85/i);
	await page
		.locator('li[data-family="simulated"]')
		.getByRole('button', { name: 'Connect simulated car' })
		.click();
	await expect(page.getByTestId('link-state')).toContainText('Connected');
});
