import { AdapterTimeoutError, type AdapterError } from '../errors';
import type { PandaCanPacketInit } from '../protocol/panda';

interface Waiter {
	resolve(): void;
	reject(err: AdapterError): void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * Sends waiting for their outcome. A panda has no echo ids: the firmware hands a sent frame back with
 * `returned` once it is in a controller, or with `rejected` when the safety mode refused it, byte for byte as
 * sent. Frames on one bus leave in order, so the oldest waiter with the same bus, id and payload is the one an
 * echo answers. A waiter that timed out leaves a marker, so its late echo is not taken for a newer identical
 * frame's.
 */
export class PandaTxTracker {
	readonly #waiting = new Map<string, Waiter[]>();
	readonly #abandoned = new Map<string, number>();

	get size(): number {
		let n = 0;
		for (const list of this.#waiting.values()) n += list.length;
		return n;
	}

	/** Registers a send; `fail` withdraws it (its bulk write failed) and rejects it with `err`. */
	wait(
		packet: PandaCanPacketInit,
		timeoutMs: number
	): { promise: Promise<void>; fail(err: AdapterError): void } {
		const key = keyOf(packet);
		let waiter!: Waiter;
		const promise = new Promise<void>((resolve, reject) => {
			waiter = {
				resolve,
				reject,
				timer: setTimeout(() => {
					this.#remove(key, waiter);
					this.#abandoned.set(key, (this.#abandoned.get(key) ?? 0) + 1);
					reject(
						new AdapterTimeoutError(
							`no echo for CAN id 0x${packet.id.toString(16)} on bus ${packet.bus} within ${timeoutMs} ms ` +
								'(TX queue full, or nobody on the bus acknowledging?)',
							'panda'
						)
					);
				}, timeoutMs)
			};
		});
		const list = this.#waiting.get(key);
		if (list) list.push(waiter);
		else this.#waiting.set(key, [waiter]);
		return {
			promise,
			fail: (err) => {
				if (!this.#remove(key, waiter)) return;
				clearTimeout(waiter.timer);
				waiter.reject(err);
			}
		};
	}

	/**
	 * Claims the oldest send an echo or rejection of `packet` answers, so later packets cannot take it while
	 * the caller finishes it. 'abandoned' when the send had already timed out; undefined when nobody sent it.
	 */
	take(packet: PandaCanPacketInit): Pick<Waiter, 'resolve' | 'reject'> | 'abandoned' | undefined {
		const key = keyOf(packet);
		const abandoned = this.#abandoned.get(key) ?? 0;
		if (abandoned > 0) {
			if (abandoned === 1) this.#abandoned.delete(key);
			else this.#abandoned.set(key, abandoned - 1);
			return 'abandoned';
		}
		const list = this.#waiting.get(key);
		const waiter = list?.shift();
		if (!waiter) return undefined;
		if (list!.length === 0) this.#waiting.delete(key);
		clearTimeout(waiter.timer);
		return waiter;
	}

	/** Close or unplug: every send still waiting fails with `err`. */
	failAll(err: AdapterError): void {
		for (const list of this.#waiting.values()) {
			for (const waiter of list) {
				clearTimeout(waiter.timer);
				waiter.reject(err);
			}
		}
		this.#waiting.clear();
		this.#abandoned.clear();
	}

	#remove(key: string, waiter: Waiter): boolean {
		const list = this.#waiting.get(key);
		const i = list ? list.indexOf(waiter) : -1;
		if (i < 0) return false;
		list!.splice(i, 1);
		if (list!.length === 0) this.#waiting.delete(key);
		return true;
	}
}

function keyOf(p: PandaCanPacketInit): string {
	let hex = '';
	for (const b of p.data) hex += b.toString(16).padStart(2, '0');
	return `${p.bus}:${(p.extended ?? p.id > 0x7ff) ? 'x' : 's'}:${p.id}:${hex}`;
}
