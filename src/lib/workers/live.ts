import * as Comlink from 'comlink';
import type { LiveWorkerApi } from './live.worker';

/** The only importer of the live worker (STYLE R13). */
export function createLiveWorker(): Comlink.Remote<LiveWorkerApi> {
	const worker = new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module' });
	return Comlink.wrap<LiveWorkerApi>(worker);
}

export type { LiveWorkerApi };
