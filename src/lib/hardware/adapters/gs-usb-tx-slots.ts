import { AdapterError, AdapterTimeoutError } from '../errors';

/** gs_usb.c GS_MAX_TX_URBS: echo_ids per channel, the protocol's only TX flow control. */
export const GS_MAX_TX_URBS = 10;

type Slot =
	| { kind: 'free' }
	| { kind: 'in-flight'; done(): void; fail(err: AdapterError): void }
	/** The sender gave up waiting; the id stays reserved until its echo returns or the adapter closes. */
	| { kind: 'abandoned' };

interface Waiter {
	resolve(id: number): void;
	reject(err: AdapterError): void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * The echo_id pool of gs_alloc_tx_context/gs_free_tx_context. Callers beyond the 10 in flight
 * queue FIFO for a slot rather than failing fast: a 1 kHz request loop is bursty, and a short
 * wait is what Linux does by stopping the netdev queue (netif_stop_queue) until an echo frees one.
 * An id whose echo never came is not reused until it does, so a late echo cannot complete
 * someone else's frame.
 */
const noop = () => {};

export class EchoSlots {
	readonly #slots: Slot[] = Array.from({ length: GS_MAX_TX_URBS }, () => ({ kind: 'free' }));
	readonly #waiters: Waiter[] = [];

	get inFlight(): number {
		return this.#slots.filter((s) => s.kind !== 'free').length;
	}

	acquire(timeoutMs: number): Promise<number> {
		const id = this.#slots.findIndex((s) => s.kind === 'free');
		if (id >= 0 && this.#waiters.length === 0) {
			this.#slots[id] = { kind: 'in-flight', done: noop, fail: noop };
			return Promise.resolve(id);
		}
		return new Promise<number>((resolve, reject) => {
			const waiter: Waiter = {
				resolve,
				reject,
				timer: setTimeout(() => {
					this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
					reject(
						new AdapterTimeoutError(
							`all ${GS_MAX_TX_URBS} gs_usb TX slots stayed busy for ${timeoutMs} ms`,
							'gs_usb'
						)
					);
				}, timeoutMs)
			};
			this.#waiters.push(waiter);
		});
	}

	/** Resolves when the echo for `id` arrives; on timeout the id is abandoned, not freed. */
	waitEcho(id: number, timeoutMs: number): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#slots[id] = { kind: 'abandoned' };
				reject(
					new AdapterTimeoutError(
						`no TX echo for echo_id ${id} within ${timeoutMs} ms (bus off, no ACK, or listen-only?)`,
						'gs_usb'
					)
				);
			}, timeoutMs);
			this.#slots[id] = {
				kind: 'in-flight',
				done: () => {
					clearTimeout(timer);
					resolve();
				},
				fail: (err) => {
					clearTimeout(timer);
					reject(err);
				}
			};
		});
	}

	/** An echo came back. False when nobody holds `id` (a firmware bug; Linux logs and ignores it). */
	complete(id: number): boolean {
		const slot = this.#slots[id];
		if (!slot || slot.kind === 'free') return false;
		if (slot.kind === 'in-flight') slot.done();
		this.#slots[id] = { kind: 'free' };
		this.release(id);
		return true;
	}

	/** Frees `id` without an echo (the OUT transfer failed) and hands it to the next waiter. */
	release(id: number): void {
		const slot = this.#slots[id];
		if (slot.kind === 'in-flight') slot.fail(new AdapterError('echo slot released', 'gs_usb'));
		const waiter = this.#waiters.shift();
		if (waiter) {
			clearTimeout(waiter.timer);
			this.#slots[id] = { kind: 'in-flight', done: noop, fail: noop };
			waiter.resolve(id);
		} else {
			this.#slots[id] = { kind: 'free' };
		}
	}

	/** Fails every sender still waiting for a slot or an echo (close, unplug). */
	clear(err: AdapterError): void {
		for (const waiter of this.#waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(err);
		}
		for (const slot of this.#slots) if (slot.kind === 'in-flight') slot.fail(err);
		this.#slots.fill({ kind: 'free' });
	}
}
