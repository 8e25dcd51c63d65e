import type { Page } from '@playwright/test';
import { test, expect, signInAsDemo } from './fixtures';

/** What the outbox in IndexedDB holds for one log: its chunks' sequence numbers and samples. */
async function queued(page: Page, logId: string) {
	return page.evaluate(
		(id) =>
			new Promise<{ seqs: number[]; samples: number; logItems: number }>((resolve, reject) => {
				const open = indexedDB.open('cartech-outbox');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction('outbox').objectStore('outbox').getAll();
					all.onerror = () => reject(all.error);
					all.onsuccess = () => {
						const items = all.result as { id: string; samples: number }[];
						const chunks = items.filter((i) => i.id.startsWith(`chunk:${id}:`));
						open.result.close();
						resolve({
							seqs: chunks.map((c) => Number(c.id.split(':')[2])),
							samples: chunks.reduce((n, c) => n + c.samples, 0),
							logItems: items.filter((i) => i.id === `log:${id}`).length
						});
					};
				};
			}),
		logId
	);
}

/** Whether the service worker's page cache holds `path` (the page's own Cache Storage view). */
function cached(page: Page, path: string) {
	return page.evaluate(
		async (p) => Boolean(await caches.match(p, { cacheName: 'cartech-pages', ignoreVary: true })),
		path
	);
}

const pendingOf = async (page: Page) =>
	Number(/(\d+) pending/.exec((await page.getByTestId('uploads').textContent()) ?? '')?.[1] ?? NaN);

test('records offline, keeps the queue across a closed page, and uploads every chunk exactly once online', async ({
	page,
	context
}) => {
	test.setTimeout(300_000);
	const runName = `Offline pull ${Date.now()}`;

	await test.step('online: sign in, and the service worker caches the pages opened', async () => {
		await signInAsDemo(page);
		await expect
			.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active)))
			.toBe(true);
		await expect.poll(() => cached(page, '/connect'), { timeout: 20_000 }).toBe(true);
		await expect(page.getByTestId('network-state')).toHaveText('Online');
		// A client-side navigation: only __data.json crosses the network; the page still gets cached for a reload.
		await page.getByRole('link', { name: 'Logs' }).click();
		await expect(page.getByRole('heading', { name: 'Logs', exact: true })).toBeVisible();
		await expect.poll(() => cached(page, '/logs'), { timeout: 20_000 }).toBe(true);
		await page.getByRole('link', { name: 'Connect', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Connect', exact: true })).toBeVisible();
	});

	let logId = '';
	let recorded = { seqs: [] as number[], samples: 0, logItems: 0 };

	await test.step('offline: the app opens, connects the simulated car and records', async () => {
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Connect', exact: true })).toBeVisible();
		await expect(page.getByTestId('network-state')).toHaveText(/^Offline/);

		// A page never opened online has no copy: the worker's own fetch is offline too, so it serves the fallback.
		const unseen = await context.newPage();
		await unseen.goto('/settings/audit');
		await expect(unseen.getByRole('heading', { name: 'You are offline' })).toBeVisible();
		await unseen.close();

		await page.getByRole('button', { name: 'Connect simulated car' }).click();
		await expect(page.getByTestId('link-state')).toContainText('Connected');
		await expect(page.getByTestId('gauge-EngineSpeed')).not.toHaveText('—');

		await page.getByLabel('Run name').fill(runName);
		await page.getByRole('button', { name: 'Record' }).click();
		await expect(page.getByTestId('recording')).toBeVisible();
		await page.waitForTimeout(5_000);
		await page.getByRole('button', { name: 'Stop recording' }).click();
		const last = page.getByRole('link', { name: 'Open the last recording' });
		await expect(last).toBeVisible();
		logId = (await last.getAttribute('href'))!.split('/').pop()!;

		// Nothing reached the server: every chunk of ≈5 s waits in the outbox, each sequence number once.
		recorded = await queued(page, logId);
		expect(recorded.logItems).toBe(1);
		expect(recorded.seqs.length).toBeGreaterThanOrEqual(3);
		expect(new Set(recorded.seqs).size).toBe(recorded.seqs.length);
		expect(recorded.samples).toBeGreaterThan(20_000);
		await expect.poll(() => pendingOf(page)).toBeGreaterThanOrEqual(recorded.seqs.length + 1);
		await expect(page.getByTestId('network-state')).toHaveText(/^Offline · \d+ chunks waiting/);
	});

	const pendingBeforeClose = await pendingOf(page);
	await page.close();

	const again = await context.newPage();
	await test.step('offline: a new page finds the same queue', async () => {
		await again.goto('/connect');
		await expect(again.getByRole('heading', { name: 'Connect', exact: true })).toBeVisible();
		await expect(again.getByTestId('uploads')).toContainText(`${pendingBeforeClose} pending`);
		expect(await queued(again, logId)).toEqual(recorded);
	});

	await test.step('online: the queue drains and the server has every chunk exactly once', async () => {
		// Let the queue fail five times in a row: its next try is then 8–16 s away (backoff 1 s doubling, equal
		// jitter). Going online must bring that try forward at once (the worker listens for `online`).
		const failedPuts: number[] = [];
		const attempts: number[] = [];
		context.on('request', (r) => {
			if (r.method() === 'PUT' && r.url().includes('/api/logs/')) attempts.push(Date.now());
		});
		context.on('requestfailed', (r) => {
			if (r.method() === 'PUT' && r.url().includes('/api/logs/')) failedPuts.push(Date.now());
		});
		await expect.poll(() => failedPuts.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
		await again.waitForTimeout(1_000);
		await expect(again.getByTestId('uploads')).toContainText(`${pendingBeforeClose} pending`);
		const before = attempts.length;
		const onlineAt = Date.now();
		await context.setOffline(false);
		await expect.poll(() => attempts.length, { timeout: 30_000 }).toBeGreaterThan(before);
		expect(attempts[before] - onlineAt).toBeLessThan(3_000);
		await expect(again.getByTestId('uploads')).toContainText('0 pending', { timeout: 30_000 });
		await expect(again.getByTestId('network-state')).toHaveText('Online');
		expect(await queued(again, logId)).toEqual({ seqs: [], samples: 0, logItems: 0 });

		await again.getByRole('link', { name: 'Logs' }).click();
		const row = again.getByTestId('log-row').filter({ hasText: runName });
		await expect(row).toHaveCount(1);
		const serverSamples = Number(
			(await row.getByTestId('log-samples').textContent())!.replace(/\D/g, '')
		);
		// The server counts each (log, seq) once (duplicates answer 200 without storing), so equal sums mean no chunk
		// was lost and none was stored twice.
		expect(serverSamples).toBe(recorded.samples);
		await row.getByRole('link').click();
		await expect
			.poll(async () =>
				Number((await again.getByTestId('sample-count').textContent())!.replace(/\D/g, ''))
			)
			.toBe(recorded.samples);
	});
});
