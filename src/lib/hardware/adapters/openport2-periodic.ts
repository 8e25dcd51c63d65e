import { J2534Error, J2534ErrorCode } from '../protocol/openport/j2534-errors';

/** J2534-1 PassThruStartPeriodicMsg: TimeInterval 5–65535 ms, at most 10 periodic messages per channel. */
export const PERIODIC_INTERVAL_MS = { min: 5, max: 65535 } as const;
export const MAX_PERIODIC_PER_CHANNEL = 10;

export interface PeriodicMessagesOptions {
	send(channel: number, data: Uint8Array, txFlags: number): Promise<void>;
	onError(error: unknown, id: number): void;
}

interface Periodic {
	channel: number;
	timer: ReturnType<typeof setInterval>;
	inFlight: boolean;
}

/**
 * J2534 periodic messages, kept by the driver. The reference implementation has no firmware command for them
 * (j2534.c PassThruStartPeriodicMsg returns ERR_NOT_SUPPORTED) and none is known on the wire, so a host timer
 * sends the message through the ordinary write path: first at start, then every interval. A tick is skipped
 * while the previous send is still waiting for its TX-done, so a slow bus never piles sends up. Being host
 * timers, they jitter with the event loop and pause in a throttled background tab; that suits the keep-alives
 * they exist for (tester present well inside P3max / S3 of 5 s), not bus-timed traffic.
 */
export class PeriodicMessages {
	readonly #send: PeriodicMessagesOptions['send'];
	readonly #onError: PeriodicMessagesOptions['onError'];
	readonly #running = new Map<number, Periodic>();
	#nextId = 1;

	constructor(options: PeriodicMessagesOptions) {
		this.#send = options.send;
		this.#onError = options.onError;
	}

	start(channel: number, data: Uint8Array, txFlags: number, intervalMs: number): number {
		const request = `start periodic message every ${intervalMs} ms on channel ${channel}`;
		if (
			!Number.isInteger(intervalMs) ||
			intervalMs < PERIODIC_INTERVAL_MS.min ||
			intervalMs > PERIODIC_INTERVAL_MS.max
		) {
			throw new J2534Error(J2534ErrorCode.INVALID_TIME_INTERVAL, request);
		}
		const onChannel = [...this.#running.values()].filter((p) => p.channel === channel).length;
		if (onChannel >= MAX_PERIODIC_PER_CHANNEL) {
			throw new J2534Error(J2534ErrorCode.EXCEEDED_LIMIT, request);
		}
		const id = this.#nextId++;
		const copy = data.slice();
		const tick = () => {
			const p = this.#running.get(id);
			if (!p || p.inFlight) return;
			p.inFlight = true;
			this.#send(channel, copy, txFlags)
				.catch((error: unknown) => {
					if (this.#running.has(id)) this.#onError(error, id);
				})
				.finally(() => {
					p.inFlight = false;
				});
		};
		this.#running.set(id, { channel, timer: setInterval(tick, intervalMs), inFlight: false });
		tick();
		return id;
	}

	/** J2534 PassThruStopPeriodicMsg; an unknown id is ERR_INVALID_MSG_ID. */
	stop(id: number): void {
		const p = this.#running.get(id);
		if (!p) {
			throw new J2534Error(J2534ErrorCode.INVALID_MSG_ID, `stop periodic message ${id}`);
		}
		clearInterval(p.timer);
		this.#running.delete(id);
	}

	stopChannel(channel: number): void {
		for (const [id, p] of this.#running) if (p.channel === channel) this.stop(id);
	}

	stopAll(): void {
		for (const id of [...this.#running.keys()]) this.stop(id);
	}

	get size(): number {
		return this.#running.size;
	}
}
