import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
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
