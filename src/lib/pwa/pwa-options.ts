import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SvelteKitPWAOptions } from '@vite-pwa/sveltekit';
import { DATA_CACHE, OFFLINE_PAGE, PAGES_CACHE } from './cache-names.js';

/**
 * The service worker's configuration, for vite.config.ts (build time only: this file reads the disk).
 *
 * Strategy: `generateSW`. Everything the worker does is declarative (precache the app shell, two NetworkFirst routes,
 * one offline fallback), so a Workbox-generated worker is less code to own than an `injectManifest` one, and Workbox
 * versions it: each precached file carries a content hash, an update re-downloads only what changed and
 * `cleanupOutdatedCaches` drops the rest. The page does the two things that need app knowledge with the Cache
 * Storage API, which windows have too: it asks the worker to cache a page it opened client-side, and it clears the
 * user's caches on sign-out. Switch to `injectManifest` when the worker needs code of its own (Background Sync
 * wake-ups for the upload queue, push).
 *
 * The matcher functions below are serialised into the worker with `toString()` (workbox-build
 * runtime-caching-converter), so they must be self-contained: no imports, no outer variables. pwa-options.spec.ts
 * checks that by evaluating their source text on its own.
 */
export function pwaOptions(staticDir: string): Partial<SvelteKitPWAOptions> {
	return {
		strategies: 'generateSW',
		// 'prompt': a new version waits until the user reloads. 'autoUpdate' would reload the page by itself, which
		// ends a recording in progress; the queued chunks would survive (IndexedDB), the run would not go on.
		registerType: 'prompt',
		injectRegister: false,
		manifest: {
			id: '/',
			name: 'CarTech',
			short_name: 'CarTech',
			description: 'Live data, logging and tuning for your car, in the browser.',
			start_url: '/connect',
			scope: '/',
			display: 'standalone',
			background_color: '#ffffff',
			theme_color: '#1c1f23',
			icons: [
				{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
				{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
				{
					src: '/icons/maskable-512.png',
					sizes: '512x512',
					type: 'image/png',
					purpose: 'maskable'
				},
				{ src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }
			]
		},
		workbox: {
			// The app shell: every built JS/CSS file, including the live worker's chunk
			// (_app/immutable/workers/live.worker-*.js), so the adapter worker starts offline, plus the icons.
			globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest}'],
			// Added after the kit plugin's URL rewriting, which would strip the ".html".
			additionalManifestEntries: [
				{ url: OFFLINE_PAGE, revision: fileRevision(`${staticDir}${OFFLINE_PAGE}`) }
			],
			// Pages are rendered on the server per user, so there is no shell page to fall back to: navigations go
			// through the NetworkFirst route below instead.
			navigateFallback: null,
			maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
			cleanupOutdatedCaches: true,
			clientsClaim: true,
			skipWaiting: false,
			runtimeCaching: [
				{
					urlPattern: ({ request, url, sameOrigin }) =>
						sameOrigin &&
						(request.mode === 'navigate' || request.headers.get('x-cartech-warm') === '1') &&
						!/^\/(api|login|signup|logout|r|_app)(\/|$)/.test(url.pathname) &&
						!url.pathname.endsWith('/__data.json'),
					handler: 'NetworkFirst',
					method: 'GET',
					options: {
						cacheName: PAGES_CACHE,
						networkTimeoutSeconds: 3,
						// Only real pages: not a redirect to /login, not an error.
						cacheableResponse: { statuses: [200] },
						matchOptions: { ignoreVary: true },
						expiration: { maxEntries: 100, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true },
						precacheFallback: { fallbackURL: OFFLINE_PAGE }
					}
				},
				{
					urlPattern: ({ url, sameOrigin }) =>
						sameOrigin &&
						url.pathname.endsWith('/__data.json') &&
						!/^\/(api|login|signup|logout|r)(\/|$)/.test(url.pathname),
					handler: 'NetworkFirst',
					method: 'GET',
					options: {
						cacheName: DATA_CACHE,
						networkTimeoutSeconds: 3,
						cacheableResponse: { statuses: [200] },
						expiration: { maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true },
						plugins: [
							{
								// kit adds `x-sveltekit-invalidated` (which layouts to rerun) to the URL; the answer for a
								// page is the same data either way, so one entry per page keeps the newest one.
								cacheKeyWillBeUsed: async ({ request }) => {
									const key = new URL(request.url);
									key.searchParams.delete('x-sveltekit-invalidated');
									return key.href;
								}
							}
						]
					}
				}
			]
		}
	};
}

/** A precache revision for a file outside the glob: its content hash, so an edit re-downloads it. */
function fileRevision(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}
