import { AdapterRejectedError, type AdapterError } from '../errors';
import type { AssemblerOutput } from './openport2-messages';

/** One message (or START_OF_MESSAGE indication) from a channel, timestamps unwrapped to µs. */
export interface ChannelMessage {
	/** CAN / ISO 15765: 4-byte CAN id + data (an indication carries only the id). K-line: the raw message. */
	data: Uint8Array;
	timestampUs: number | undefined;
	/** A TX loopback of our own message rather than something received. */
	loopback: boolean;
}

export interface ChannelListener {
	message?(message: ChannelMessage): void;
	/** ISO 15765: a first frame arrived, the rest follows; K-line: a message began. */
	start?(indication: ChannelMessage): void;
	/** The device closed (`null`) or died underneath us (the AdapterError). */
	closed?(reason: AdapterError | null): void;
}

interface Entry {
	refs: number;
	flags: number;
	baud: number;
	ready: Promise<void>;
}

export interface ChannelRegistryOptions {
	connect(protocol: number, flags: number, baud: number): Promise<unknown>;
	disconnect(protocol: number): Promise<void>;
	onListenerError(error: unknown): void;
}

/**
 * Which J2534 channels are connected and who listens to them. A channel id is its protocol id, so a CAN adapter and
 * two ISO-TP links share channels by reference count: the first acquire connects, the last release disconnects.
 */
export class ChannelRegistry {
	readonly #options: ChannelRegistryOptions;
	readonly #entries = new Map<number, Entry>();
	readonly #listeners = new Map<number, Set<ChannelListener>>();

	constructor(options: ChannelRegistryOptions) {
		this.#options = options;
	}

	acquire(protocol: number, flags: number, baud: number): Promise<void> {
		const entry = this.#entries.get(protocol);
		if (entry) {
			if (entry.flags !== flags || entry.baud !== baud) {
				return Promise.reject(
					new AdapterRejectedError(
						`channel ${protocol} is already connected at ${entry.baud} baud with flags 0x${entry.flags.toString(16)}`,
						'openport2'
					)
				);
			}
			entry.refs++;
			return entry.ready;
		}
		const ready = this.#options.connect(protocol, flags, baud).then(
			() => {},
			(err: unknown) => {
				if (this.#entries.get(protocol)?.ready === ready) this.#entries.delete(protocol);
				throw err;
			}
		);
		this.#entries.set(protocol, { refs: 1, flags, baud, ready });
		return ready;
	}

	/** Connected, or connecting, by at least one user. */
	connected(protocol: number): boolean {
		return this.#entries.has(protocol);
	}

	async release(protocol: number): Promise<void> {
		const entry = this.#entries.get(protocol);
		if (!entry) return;
		if (--entry.refs > 0) return;
		this.#entries.delete(protocol);
		await entry.ready.catch(() => {});
		await this.#options.disconnect(protocol);
	}

	listen(protocol: number, listener: ChannelListener): () => void {
		let set = this.#listeners.get(protocol);
		if (!set) this.#listeners.set(protocol, (set = new Set()));
		set.add(listener);
		return () => set.delete(listener);
	}

	deliver(protocol: number, out: Exclude<AssemblerOutput, { kind: 'malformed' }>): void {
		const message: ChannelMessage = {
			data: out.data,
			timestampUs: out.timestampUs,
			loopback: out.loopback
		};
		for (const listener of this.#listeners.get(protocol) ?? []) {
			this.#call(() =>
				out.kind === 'message' ? listener.message?.(message) : listener.start?.(message)
			);
		}
	}

	/** Forgets every channel and tells every listener why. */
	closeAll(reason: AdapterError | null): void {
		this.#entries.clear();
		const all = [...this.#listeners.values()].flatMap((set) => [...set]);
		this.#listeners.clear();
		for (const listener of all) this.#call(() => listener.closed?.(reason));
	}

	#call(fn: () => void): void {
		try {
			fn();
		} catch (error) {
			this.#options.onListenerError(error);
		}
	}
}
