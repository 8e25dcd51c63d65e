import { canFrame, type CanFrame } from '../can-frame';
import { IsoTpError, IsoTpTimeoutError } from './errors';
import { checkTime } from './framing-options';
import { IsoTpReceiver, type IsoTpReceiverOptions, type ReceiverOutput } from './receiver';
import { IsoTpSender, type IsoTpSenderOptions } from './sender';

/**
 * The slice of a CAN adapter ISO-TP needs: send a frame, and hear every received frame. `send` resolves once the
 * adapter has taken the frame; `subscribe` returns the unsubscribe function.
 */
export interface CanFramePort {
	send(frame: CanFrame): Promise<void>;
	subscribe(listener: (frame: CanFrame) => void): () => void;
}

export interface IsoTpLinkOptions
	extends
		IsoTpSenderOptions,
		Pick<IsoTpReceiverOptions, 'blockSize' | 'stMinUs' | 'nCrUs' | 'maxLength'> {
	port: CanFramePort;
	/** CAN id we send on (e.g. 0x7E0 physical, 0x7DF functional). */
	txId: number;
	/** CAN id the peer answers on (e.g. 0x7E8). */
	rxId: number;
	/**
	 * Where our flow control goes when we receive. ISO 15765-4 §6.3.2: after a functional request (0x7DF) the FC goes
	 * to the physical id of the ECU that sent the FF (0x7E0 for 0x7E8). @default txId
	 */
	flowControlId?: number;
	/** 29-bit identifiers. @default txId > 0x7FF */
	extended?: boolean;
	/** Send CAN FD frames. @default txDl > 8 */
	fd?: boolean;
	/** CAN FD bit-rate switch. @default false */
	brs?: boolean;
	/** Adapter channel to send on and listen to; undefined listens to all channels and sends on 0. */
	channel?: number;
	/** N_As: how long the port may take to accept one frame. @default 1_000_000 µs */
	nAsUs?: number;
	/** Microsecond clock. @default () => performance.now() * 1000 */
	clock?: () => number;
	/** Messages kept while nobody is receiving; the oldest goes first. @default 16 */
	maxQueued?: number;
	/** Hears errors no caller is waiting for: dropped frames, interrupted receptions, failed flow control. */
	onError?: (error: IsoTpError) => void;
}

export interface IsoTpReceiveOptions {
	/** How long to wait for the first frame of a message; after that N_Cr governs. @default 1000 */
	timeoutMs?: number;
}

export type IsoTpRequestOptions = IsoTpReceiveOptions;

interface Waiter {
	resolve: (message: Uint8Array) => void;
	reject: (error: unknown) => void;
	timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One ISO-TP connection (a TX id and an RX id) over a CAN frame port: the I/O edge around IsoTpSender and
 * IsoTpReceiver, with real timers. Sends are serialised, received messages queue until `receive` takes them.
 */
export class IsoTpLink {
	readonly #port: CanFramePort;
	readonly #txId: number;
	readonly #rxId: number;
	readonly #fcId: number;
	readonly #extended: boolean;
	readonly #fd: boolean;
	readonly #brs: boolean;
	readonly #channel: number | undefined;
	readonly #nAsUs: number;
	readonly #clock: () => number;
	readonly #maxQueued: number;
	readonly #onError: ((error: IsoTpError) => void) | undefined;
	readonly #sender: IsoTpSender;
	readonly #receiver: IsoTpReceiver;
	readonly #unsubscribe: () => void;
	readonly #queue: Uint8Array[] = [];
	readonly #waiters: Waiter[] = [];
	#txTail: Promise<unknown> = Promise.resolve();
	#requestTail: Promise<unknown> = Promise.resolve();
	#wakeSender: (() => void) | undefined;
	#crTimer: ReturnType<typeof setTimeout> | undefined;
	#closed = false;

	constructor(options: IsoTpLinkOptions) {
		if (!options || typeof options.port?.send !== 'function')
			throw new TypeError('port is required');
		this.#txId = checkId(options.txId, 'txId');
		this.#rxId = checkId(options.rxId, 'rxId');
		this.#fcId = checkId(options.flowControlId ?? options.txId, 'flowControlId');
		this.#extended = options.extended ?? this.#txId > 0x7ff;
		if (!this.#extended && Math.max(this.#txId, this.#rxId, this.#fcId) > 0x7ff) {
			throw new TypeError('11-bit ids must be at most 0x7FF; set extended: true for 29-bit ids');
		}
		this.#fd = options.fd ?? (options.txDl ?? 8) > 8;
		this.#brs = options.brs ?? false;
		this.#channel = options.channel;
		this.#nAsUs = checkTime(options.nAsUs, 1_000_000, 'nAsUs');
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#maxQueued = options.maxQueued ?? 16;
		this.#onError = options.onError;
		this.#sender = new IsoTpSender(options);
		this.#receiver = new IsoTpReceiver(options);
		this.#port = options.port;
		this.#unsubscribe = this.#port.subscribe((frame) => this.#onFrame(frame));
	}

	/** Sends one message; resolves when its last frame is handed to the port. */
	send(payload: Uint8Array): Promise<void> {
		const run = this.#txTail.then(() => this.#transmit(payload));
		this.#txTail = run.catch(() => {});
		return run;
	}

	/** The next received message (queued ones first). Rejects with IsoTpTimeoutError('response' or 'N_Cr'). */
	receive(options: IsoTpReceiveOptions = {}): Promise<Uint8Array> {
		if (this.#closed) return Promise.reject(new IsoTpError('ISO-TP link is closed'));
		const queued = this.#queue.shift();
		if (queued) return Promise.resolve(queued);
		const timeoutMs = options.timeoutMs ?? 1000;
		return new Promise((resolve, reject) => {
			const waiter: Waiter = { resolve, reject, timer: undefined };
			const expire = () => {
				this.#removeWaiter(waiter);
				reject(new IsoTpTimeoutError('response', timeoutMs * 1000));
			};
			if (!this.#receiver.receiving || this.#waiters.length > 0) {
				waiter.timer = setTimeout(expire, timeoutMs);
			}
			this.#waiters.push(waiter);
		});
	}

	/**
	 * Sends `payload` and resolves with the next message from the peer. Messages queued before the request are
	 * discarded as stale; requests are serialised so answers cannot cross.
	 */
	request(payload: Uint8Array, options: IsoTpRequestOptions = {}): Promise<Uint8Array> {
		const run = this.#requestTail.then(async () => {
			this.#queue.length = 0;
			await this.send(payload);
			return this.receive(options);
		});
		this.#requestTail = run.catch(() => {});
		return run;
	}

	/** Stops listening; pending and later calls reject with IsoTpError. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#unsubscribe();
		this.#sender.abort();
		this.#wakeSender?.();
		this.#receiver.reset();
		clearTimeout(this.#crTimer);
		for (const waiter of this.#waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(new IsoTpError('ISO-TP link is closed'));
		}
		this.#queue.length = 0;
	}

	async #transmit(payload: Uint8Array): Promise<void> {
		if (this.#closed) throw new IsoTpError('ISO-TP link is closed');
		this.#sender.start(payload, this.#clock());
		for (;;) {
			const step = this.#sender.poll(this.#clock());
			switch (step.kind) {
				case 'transmit':
					await this.#sendFrame(this.#txId, step.frame);
					break;
				case 'wait':
					await this.#sleepUntil(step.untilUs);
					break;
				case 'failed':
					throw step.error;
				case 'done':
					return;
				case 'idle':
					throw new IsoTpError('ISO-TP link is closed');
			}
		}
	}

	async #sendFrame(id: number, data: Uint8Array): Promise<void> {
		const frame = canFrame({
			id,
			data,
			extended: this.#extended,
			fd: this.#fd,
			brs: this.#fd && this.#brs,
			channel: this.#channel ?? 0,
			timestampUs: this.#clock()
		});
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new IsoTpTimeoutError('N_As', this.#nAsUs)),
				this.#nAsUs / 1000
			);
		});
		try {
			await Promise.race([this.#port.send(frame), timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Sleeps until `untilUs` or until a frame arrives that may change the sender's mind, whichever is first. */
	#sleepUntil(untilUs: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.#wakeSender = undefined;
				resolve();
			};
			const timer = setTimeout(wake, Math.max(0, Math.ceil((untilUs - this.#clock()) / 1000)));
			this.#wakeSender = wake;
		});
	}

	#onFrame(frame: CanFrame): void {
		if (this.#closed || frame.rtr || frame.id !== this.#rxId || frame.extended !== this.#extended)
			return;
		if (this.#channel !== undefined && frame.channel !== this.#channel) return;
		const now = this.#clock();
		if (this.#sender.busy) {
			this.#sender.handleFrame(frame.data, now);
			this.#wakeSender?.();
		}
		this.#deliver(this.#receiver.handleFrame(frame.data, now));
	}

	#deliver(out: ReceiverOutput): void {
		if (out.flowControl) {
			this.#sendFrame(this.#fcId, out.flowControl).catch((cause) => {
				this.#receiver.reset();
				this.#fail(new IsoTpError('ISO-TP flow control could not be sent', { cause }));
			});
		}
		if (out.ignored) this.#onError?.(out.ignored);
		// An error that came with a message, or with a new first frame, was an interruption the peer recovered from.
		if (out.error && (out.message || this.#receiver.receiving)) this.#onError?.(out.error);
		else if (out.error) this.#fail(out.error);
		if (out.message) this.#push(out.message);
		this.#armCrTimer();
		// Once a first frame is in, N_Cr guards the rest; the caller's response timeout must not cut it short.
		const head = this.#waiters[0];
		if (this.#receiver.receiving && head?.timer !== undefined) {
			clearTimeout(head.timer);
			head.timer = undefined;
		}
	}

	#armCrTimer(): void {
		clearTimeout(this.#crTimer);
		const deadline = this.#receiver.deadlineUs;
		if (deadline === undefined) return;
		this.#crTimer = setTimeout(
			() => this.#deliver(this.#receiver.poll(this.#clock())),
			Math.max(0, Math.ceil((deadline - this.#clock()) / 1000))
		);
	}

	#push(message: Uint8Array): void {
		const waiter = this.#waiters.shift();
		if (waiter) {
			clearTimeout(waiter.timer);
			waiter.resolve(message);
			return;
		}
		this.#queue.push(message);
		if (this.#queue.length > this.#maxQueued) this.#queue.shift();
	}

	#fail(error: IsoTpError): void {
		const waiter = this.#waiters.shift();
		if (!waiter) {
			this.#onError?.(error);
			return;
		}
		clearTimeout(waiter.timer);
		waiter.reject(error);
	}

	#removeWaiter(waiter: Waiter): void {
		const i = this.#waiters.indexOf(waiter);
		if (i >= 0) this.#waiters.splice(i, 1);
	}
}

function checkId(id: number, what: string): number {
	if (!Number.isInteger(id) || id < 0 || id > 0x1fff_ffff) {
		throw new TypeError(`${what} must be a CAN id (0–0x1FFFFFFF), got ${id}`);
	}
	return id;
}
