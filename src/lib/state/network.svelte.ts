/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';
import { NETWORK_CHANNEL } from '$lib/logs/upload-queue';
import { USER_CACHES, WARM_HEADER } from '$lib/pwa/cache-names';

const OWNER_KEY = 'cartech:cache-owner';
const PERSIST_ASKED_KEY = 'cartech:persist-asked';

/**
 * The page's view of the network and the offline machinery (STYLE R12): online/offline from `navigator.onLine` and
 * its events (HTML §8.10.1), the service worker (registration, a waiting update, the per-user page caches) and
 * whether the browser keeps our storage under pressure (Storage §4.5 "persist()"). The upload counts come from
 * `live.upload`; the header combines both with networkIndicator().
 */
export class NetworkState {
	online = $state(true);
	/** null until known; false means the browser may evict the outbox under storage pressure. */
	persisted = $state<boolean | null>(null);
	/** A new version of the app is installed and waits for a reload. */
	updateReady = $state(false);

	private updateSW: ((reload?: boolean) => Promise<void>) | undefined;
	private registration: Promise<ServiceWorkerRegistration | undefined> | undefined;
	/** Settles once the cache owner check ran; warming waits for it so a new user never tops up the last one's cache. */
	private claimed: Promise<void> | undefined;
	private owner: string | undefined;
	/** Resolves when start() ran: afterNavigate may ask to warm a page before the layout's onMount started us. */
	private started: Promise<void>;
	private markStarted!: () => void;

	constructor() {
		this.started = new Promise((resolve) => (this.markStarted = resolve));
	}

	/** Wires everything for a signed-in page (see claim() for `owner`); returns the teardown. */
	start(owner: string): () => void {
		this.online = navigator.onLine;
		const channel =
			typeof BroadcastChannel === 'function' ? new BroadcastChannel(NETWORK_CHANNEL) : null;
		const update = () => {
			this.online = navigator.onLine;
			// Tell the upload queues (in this tab's and other tabs' workers) to retry now rather than after backoff.
			if (this.online) channel?.postMessage('online');
		};
		addEventListener('online', update);
		addEventListener('offline', update);
		this.claim(owner);
		this.registration ??= this.register();
		void this.requestPersistence();
		this.markStarted();
		return () => {
			removeEventListener('online', update);
			removeEventListener('offline', update);
			channel?.close();
		};
	}

	/**
	 * `owner` says whose data the page caches may hold (user and shop). When it differs from the owner they were
	 * filled for on this device (another person signed in without signing out, or the user switched shop), they are
	 * emptied first, so nobody is served someone else's pages.
	 */
	claim(owner: string): void {
		if (owner === this.owner) return;
		this.owner = owner;
		this.claimed = this.claimCaches(owner).catch(() => {});
	}

	/**
	 * Asks the service worker to cache `url`'s page (NetworkFirst, as a navigation would). Client-side navigation
	 * only fetches `__data.json`, and the first page of a visit loads before the worker controls it, so without this
	 * a reload offline would find no HTML. Resolves when cached, or quietly when there is no worker or no network.
	 */
	async warm(url: string): Promise<void> {
		if (!navigator.onLine) return;
		await this.started;
		await this.claimed;
		const worker = (await this.registration)?.active;
		if (!worker) return;
		await new Promise<void>((resolve) => {
			const channel = new MessageChannel();
			const timer = setTimeout(resolve, 10_000);
			channel.port1.onmessage = () => {
				clearTimeout(timer);
				resolve();
			};
			worker.postMessage(
				{
					type: 'CACHE_URLS',
					payload: {
						urlsToCache: [[url, { headers: { accept: 'text/html', [WARM_HEADER]: '1' } }]]
					}
				},
				[channel.port2]
			);
		});
	}

	/** True when the page was served through the service worker (so it already cached this navigation). */
	get controlled(): boolean {
		return Boolean(navigator.serviceWorker?.controller);
	}

	/** Empties every cache that holds a user's pages. Called before signing out. */
	async clearUserCaches(): Promise<void> {
		if (typeof caches === 'undefined') return;
		await Promise.all(USER_CACHES.map((name) => caches.delete(name)));
		localStorage.removeItem(OWNER_KEY);
	}

	/** Activates the waiting version; the page reloads into it. */
	async applyUpdate(): Promise<void> {
		await this.updateSW?.(true);
	}

	private async register(): Promise<ServiceWorkerRegistration | undefined> {
		// No worker in `vite dev` (its registerSW is a no-op that never calls back) or without a secure context.
		if (import.meta.env.DEV || !('serviceWorker' in navigator)) return undefined;
		return new Promise((resolve) => {
			this.updateSW = registerSW({
				immediate: true,
				onNeedRefresh: () => (this.updateReady = true),
				onRegisteredSW: async (_url, registration) => {
					// Resolve once a worker is active: warm() needs one to talk to.
					resolve(registration ? await navigator.serviceWorker.ready : undefined);
				},
				onRegisterError: () => resolve(undefined)
			});
		});
	}

	private async claimCaches(owner: string): Promise<void> {
		const tag = await sha256(owner);
		if (localStorage.getItem(OWNER_KEY) === tag) return;
		await this.clearUserCaches();
		localStorage.setItem(OWNER_KEY, tag);
	}

	/**
	 * Asks once per browser session for persistent storage, so the browser does not evict queued recordings under
	 * storage pressure. Chrome answers from site engagement without a prompt; Firefox prompts, hence only once.
	 */
	private async requestPersistence(): Promise<void> {
		const storage = navigator.storage;
		if (!storage?.persisted || !storage.persist) {
			this.persisted = false;
			return;
		}
		if (await storage.persisted()) {
			this.persisted = true;
			return;
		}
		if (sessionStorage.getItem(PERSIST_ASKED_KEY)) {
			this.persisted = false;
			return;
		}
		sessionStorage.setItem(PERSIST_ASKED_KEY, '1');
		this.persisted = await storage.persist().catch(() => false);
	}
}

async function sha256(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One per tab, like `live`. */
export const network = new NetworkState();
