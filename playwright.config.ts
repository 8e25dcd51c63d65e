import { defineConfig } from '@playwright/test';

const port = 4173;

export default defineConfig({
	testDir: 'e2e',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: {
		command: 'npm run build && node e2e/build-emulator.js && node scripts/start.js',
		port,
		timeout: 240_000,
		reuseExistingServer: false,
		env: {
			// Each run gets in-process rate limits: with CI's Redis they would carry over between runs on one machine
			// and the sign-up cap (5 per IP per hour) would refuse the next run's accounts.
			REDIS_URL: '',
			PORT: String(port),
			DATA_DIR: `.data/e2e-${Date.now()}`,
			ORIGIN: `http://localhost:${port}`
		}
	}
});
