import { AdapterError, AdapterTimeoutError } from '../errors';
import { J2534Error } from '../protocol/openport/j2534-errors';
import { RxPacketType } from '../protocol/openport/constants';
import type { OpenPortRxEvent } from '../protocol/openport/rx-stream';

/** What completes a command; `are <n>` fails any of them. */
export type ReplyExpectation =
	| { kind: 'ok' }
	| { kind: 'info' }
	| { kind: 'filter'; channel: number }
	| { kind: 'config'; channel: number; param: number }
	| { kind: 'voltage'; pin: number }
	| { kind: 'fast-init'; channel: number }
	/** `att`: the TX-done indication (packet type 0x10) on the channel. */
	| { kind: 'tx-done'; channel: number };

interface Pending {
	request: string;
	expect: ReplyExpectation;
	settle(result: OpenPortRxEvent | AdapterError): void;
}

export interface CommandLaneOptions {
	write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
	adapter: string;
}

/**
 * One command in flight at a time. OpenPort replies carry no tag, and `are <n>` does not even say which command it
 * refuses, so a reply can only be paired with the command in flight. `att` holds the lane until its TX-done
 * indication (or its `are`), which is also when J2534 PassThruWriteMsgs with a timeout returns; a reply that comes
 * after its command timed out is refused here and reported by the caller as stray.
 */
export class CommandLane {
	readonly #write: (bytes: Uint8Array<ArrayBuffer>) => Promise<void>;
	readonly #adapter: string;
	#pending: Pending | null = null;
	#tail: Promise<unknown> = Promise.resolve();
	#failure: AdapterError | null = null;

	constructor(options: CommandLaneOptions) {
		this.#write = options.write;
		this.#adapter = options.adapter;
	}

	/** Sends `bytes` after the commands queued before it; resolves with the reply that completes it. */
	run(
		bytes: Uint8Array<ArrayBuffer>,
		expect: ReplyExpectation,
		timeoutMs: number
	): Promise<OpenPortRxEvent> {
		const run = this.#tail.then(() => this.#exec(bytes, expect, timeoutMs));
		this.#tail = run.catch(() => {});
		return run;
	}

	/** Offers an event from the stream; true when it completed (or refused) the command in flight. */
	offer(event: OpenPortRxEvent): boolean {
		const p = this.#pending;
		if (!p) return false;
		if (event.kind === 'error') {
			p.settle(new J2534Error(event.code, p.request, { adapter: this.#adapter }));
			return true;
		}
		if (!matches(p.expect, event)) return false;
		p.settle(event);
		return true;
	}

	/** The device is gone or closed: the command in flight and every later one fail with `err`. */
	fail(err: AdapterError): void {
		this.#failure = err;
		this.#pending?.settle(err);
	}

	/** Usable again (a new session). */
	reset(): void {
		this.#failure = null;
	}

	#exec(
		bytes: Uint8Array<ArrayBuffer>,
		expect: ReplyExpectation,
		timeoutMs: number
	): Promise<OpenPortRxEvent> {
		if (this.#failure) return Promise.reject(this.#failure);
		const request = describeCommand(bytes);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				const what = expect.kind === 'tx-done' ? 'no TX-done indication for' : 'no reply to';
				pending.settle(
					new AdapterTimeoutError(`${what} "${request}" within ${timeoutMs} ms`, this.#adapter)
				);
			}, timeoutMs);
			const pending: Pending = {
				request,
				expect,
				settle: (result) => {
					if (this.#pending !== pending) return;
					this.#pending = null;
					clearTimeout(timer);
					if (result instanceof AdapterError) reject(result);
					else resolve(result);
				}
			};
			this.#pending = pending;
			this.#write(bytes).catch((err: unknown) => {
				pending.settle(
					err instanceof AdapterError
						? err
						: new AdapterError(`writing "${request}" failed`, this.#adapter, { cause: err })
				);
			});
		});
	}
}

function matches(expect: ReplyExpectation, event: OpenPortRxEvent): boolean {
	switch (expect.kind) {
		case 'tx-done':
			return (
				event.kind === 'packet' &&
				event.type === RxPacketType.TX_DONE &&
				event.channel === expect.channel
			);
		case 'filter':
		case 'fast-init':
			return event.kind === expect.kind && event.channel === expect.channel;
		case 'config':
			return (
				event.kind === 'config' && event.channel === expect.channel && event.param === expect.param
			);
		case 'voltage':
			return event.kind === 'voltage' && event.pin === expect.pin;
		default:
			return event.kind === expect.kind;
	}
}

/** The command's text line, without the resync blank lines, CR LF or binary payload: `att6 8 64`. */
export function describeCommand(bytes: Uint8Array): string {
	let start = 0;
	while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
	let end = start;
	while (end < bytes.length && bytes[end] !== 0x0d && bytes[end] !== 0x0a) end++;
	return String.fromCharCode(...bytes.subarray(start, end));
}
