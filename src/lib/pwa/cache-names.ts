/**
 * Names shared by the service worker's config (vite.config.ts) and the page (network.svelte.ts), which warms and
 * clears these caches. Plain constants: vite.config.ts imports this file, so it must not touch `$app` or the DOM.
 */

/** HTML of signed-in pages, NetworkFirst. Holds one user's data: cleared on sign-out. */
export const PAGES_CACHE = 'cartech-pages';

/**
 * The pages' `__data.json` (what client-side navigation fetches), NetworkFirst. A cache of its own because Workbox
 * expiry counts entries per cache name.
 */
export const DATA_CACHE = 'cartech-data';

/** Every runtime cache that can hold a user's data; the precache (app code, icons) is the same for everyone. */
export const USER_CACHES = [PAGES_CACHE, DATA_CACHE] as const;

/** The page served for a navigation that fails offline and has no cached copy; precached from static/. */
export const OFFLINE_PAGE = '/offline.html';

/**
 * A request carrying this header (and `accept: text/html`) is a page the client asked the service worker to cache
 * (client-side navigations never fetch the HTML, only `__data.json`). It goes through the same NetworkFirst route
 * as a real navigation, so Workbox's expiry bookkeeping sees it.
 */
export const WARM_HEADER = 'x-cartech-warm';
