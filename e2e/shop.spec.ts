import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signUp } from './fixtures';

const emulator = fileURLToPath(new URL('./.generated/hardware-emulator.js', import.meta.url));

/** A browser with no cookies, as the invitee's own machine would be. */
async function freshPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.addInitScript({ path: emulator });
	return page;
}

async function invite(owner: Page, email: string, role: string): Promise<string> {
	await owner.goto('/settings/members');
	await owner.getByLabel('Email').fill(email);
	await owner.getByLabel('Role', { exact: true }).selectOption({ label: role });
	await owner.getByRole('button', { name: 'Create invitation' }).click();
	await expect(owner.getByRole('status')).toContainText('does not send email yet');
	await owner.getByRole('button', { name: 'Copy link' }).click();
	await expect(owner.getByRole('button', { name: 'Copied' })).toBeVisible();
	const link = await owner.evaluate(() => navigator.clipboard.readText());
	expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
	await expect(owner.getByTestId('invite-link')).toHaveValue(link);
	return link;
}

async function join(page: Page, link: string, name: string) {
	const response = await page.goto(link);
	expect(response!.headers()['cache-control']).toBe('no-store');
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel(/^Choose a password/).fill('correct horse battery');
	await page.getByRole('button', { name: 'Create account and join' }).click();
	await page.waitForURL(/\/jobs$/);
}

test('a front desk books a job for a new customer; a technician logs time and completes it', async ({
	page: owner,
	browser
}) => {
	test.setTimeout(180_000);
	const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	await owner.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await signUp(owner, `owner-${run}`);

	await owner.goto('/settings/bays');
	await owner.getByLabel('New bay').fill('Lift 1');
	await owner.getByRole('button', { name: 'Add bay' }).click();
	await expect(owner.getByTestId('bays')).toContainText('Lift 1');

	const deskLink = await invite(owner, `desk-${run}@example.test`, 'Front desk');
	const techLink = await invite(owner, `tech-${run}@example.test`, 'Technician');
	await expect(
		owner.getByRole('listitem').filter({ hasText: `desk-${run}@example.test` })
	).toBeVisible();

	const tech = await freshPage(browser);
	await join(tech, techLink, 'Tess Tech');
	await expect(tech.locator('.who')).toContainText('Tess Tech · E2E Motorsport (technician)');

	const desk = await freshPage(browser);
	await join(desk, deskLink, 'Dana Desk');
	await expect(desk.locator('.who')).toContainText('(front_desk)');
	// Used once: the link no longer opens.
	expect((await (await freshPage(browser)).goto(deskLink))!.status()).toBe(404);

	await desk.getByRole('link', { name: 'Customers' }).click();
	await desk.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
	await desk.getByLabel('Email').fill('ada@example.test');
	await desk.getByLabel('Phone').fill('+44 20 7946 0000');
	await desk.getByRole('button', { name: 'Add customer' }).click();
	await expect(desk.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();

	await desk.getByLabel('VIN', { exact: true }).fill('1HGCM82633A004353');
	await desk.getByRole('button', { name: 'Add vehicle' }).click();
	await expect(desk.locator('#vin-error')).toContainText('check digit (9th character) should be 5');
	await desk.getByLabel('VIN', { exact: true }).fill('1HGCM82633A004352');
	await desk.getByLabel('Model (optional)').fill('Accord');
	await desk.getByRole('button', { name: 'Add vehicle' }).click();
	await expect(desk.getByRole('heading', { name: '2003 Honda Accord' })).toBeVisible();
	await expect(desk.getByTestId('vehicle-vin')).toHaveText('1HGCM82633A004352');

	await desk.getByRole('link', { name: 'Book a job' }).click();
	await expect(desk.getByLabel('Vehicle')).toHaveValue(/.+/);
	await desk.getByLabel('Work to do').fill('Stage 1 tune and dyno');
	await desk.getByLabel('Bay').selectOption({ label: 'Lift 1' });
	await desk.getByLabel('Technician').selectOption({ label: 'Tess Tech' });
	await desk.getByLabel('Appointment starts').fill('2030-01-07T09:00');
	await desk.getByLabel('Appointment ends').fill('2030-01-07T11:30');
	await desk.getByRole('button', { name: 'Book job' }).click();
	await expect(desk.getByRole('heading', { name: /Job #1: Stage 1 tune and dyno/ })).toBeVisible();
	await expect(desk.getByTestId('job-status')).toHaveText('Booked');
	// Starting the work is the technician's step, not the front desk's.
	await expect(desk.getByRole('button', { name: 'Move to Quoted' })).toBeVisible();
	await expect(desk.getByRole('button', { name: 'Move to In progress' })).toHaveCount(0);
	const jobUrl = desk.url();

	await desk.goto('/calendar?view=week&date=2030-01-07');
	const liftRow = desk.getByTestId('calendar').getByRole('row').filter({ hasText: 'Lift 1' });
	await expect(liftRow).toContainText('09:00–11:30');
	await expect(liftRow).toContainText('Stage 1 tune and dyno');

	// The technician has had the jobs list open since joining: load it again to see the new booking.
	await tech.goto('/jobs');
	await tech.getByRole('link', { name: 'Stage 1 tune and dyno' }).click();
	await expect(tech).toHaveURL(jobUrl);
	await tech.getByRole('button', { name: 'Move to In progress' }).click();
	await expect(tech.getByTestId('job-status')).toHaveText('In progress');
	await tech.getByRole('button', { name: 'Start timer' }).click();
	await expect(tech.getByTestId('time-entries')).toContainText('running');
	await tech.getByRole('button', { name: 'Stop timer' }).click();
	await expect(tech.getByRole('button', { name: 'Start timer' })).toBeVisible();
	await tech.getByLabel('Minutes').fill('90');
	await tech.getByLabel('Note', { exact: true }).fill('Dyno baseline and map');
	await tech.getByRole('button', { name: 'Log time' }).click();
	await expect(tech.getByTestId('time-entries')).toContainText('Dyno baseline and map');
	await expect(tech.getByTestId('time-total')).toHaveText(/^1 h 3[01] min$/);
	await tech.getByRole('button', { name: 'Move to Done' }).click();
	await expect(tech.getByTestId('job-status')).toHaveText('Done');

	await owner.goto('/jobs?status=done');
	await expect(owner.getByTestId('jobs')).toContainText('Stage 1 tune and dyno');
	await expect(owner.getByTestId('jobs')).toContainText('Tess Tech');
});

test('a member of two shops switches between them from the header', async ({ page, browser }) => {
	const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await signUp(page, `first-${run}`);
	const link = await invite(page, `second-${run}@example.test`, 'Tuner');

	const other = await freshPage(browser);
	await signUp(other, `second-${run}`);
	await other.goto(link);
	await other.getByRole('button', { name: 'Join E2E Motorsport' }).click();
	await other.waitForURL(/\/jobs$/);
	await expect(other.locator('.who')).toContainText('(tuner)');

	const shop = other.getByLabel('Shop');
	await expect(shop.locator('option')).toHaveCount(2);
	await other.goto('/customers');
	const [firstShopId] = await shop
		.locator('option')
		.evaluateAll((opts) =>
			opts
				.filter((o) => !(o as HTMLOptionElement).selected)
				.map((o) => (o as HTMLOptionElement).value)
		);
	await shop.selectOption(firstShopId);
	await other.getByRole('button', { name: 'Switch' }).click();
	await other.waitForURL(/\/customers$/);
	await expect(other.locator('.who')).toContainText('(owner)');
});
