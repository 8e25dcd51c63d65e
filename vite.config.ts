import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// With the extension: Vite's config loader warns on extensionless relative imports (native loader, Vite 8).
import { pwaOptions } from './src/lib/pwa/pwa-options.js';

export default defineConfig({
	// The PWA plugin builds the service worker after kit's client build (@vite-pwa/sveltekit docs); see pwa-options.ts.
	plugins: [
		sveltekit(),
		SvelteKitPWA(pwaOptions(fileURLToPath(new URL('./static', import.meta.url))))
	],
	worker: { format: 'es' },
	server: { fs: { allow: ['../shared'] } },
	test: {
		include: ['src/**/*.{test,spec}.ts', 'bench/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Integration tests share one database; running files in parallel would race on it.
		fileParallelism: false
	}
});
