import { test as base, expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const emulator = fileURLToPath(new URL('./.generated/hardware-emulator.js', import.meta.url));

/** Every page gets the emulated `navigator.usb` and `navigator.serial` (STYLE R18). */
export const test = base.extend<{ page: Page }>({
	page: async ({ page }, use) => {
		await page.addInitScript({ path: emulator });
		await use(page);
	}
});

export { expect };

export async function signUp(
	page: Page,
	who = `tuner-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
) {
	await page.goto('/signup');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Your name').fill('Test Tuner');
	await page.getByLabel('Email').fill(`${who}@example.test`);
	await page.getByLabel(/^Password/).fill('correct horse battery');
	await page.getByLabel('Shop name').fill('E2E Motorsport');
	await page.getByRole('button', { name: 'Create account' }).click();
	await page.waitForURL(/\/connect/);
}

/** Signs in as the demo user the server seeds at start (src/lib/server/seed.ts), without creating an account. */
export async function signInAsDemo(page: Page) {
	await page.goto('/login');
	// Hydration re-renders the form (`value={form?.email ?? ''}`); typing before it finishes can be wiped.
	await page.waitForLoadState('networkidle');
	const email = page.getByLabel('Email');
	await email.fill('demo@cartech.local');
	await page.getByLabel('Password').fill('cartech-demo');
	await expect(email).toHaveValue('demo@cartech.local');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/connect/);
}
