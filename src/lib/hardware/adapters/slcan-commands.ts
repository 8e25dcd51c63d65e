import { AdapterError, AdapterRejectedError, AdapterTimeoutError } from '../errors';

/**
 * What completes a command. SLCAN replies carry no tag, so the driver keeps one command in flight (protocols.md §2:
 * canable-fw parses in the ISR with a 32-byte buffer, "wait for CR per frame") and matches the next non-frame line
 * against what that command can answer.
 * - ok: a bare CR. tx-ack: Lawicel `z`/`Z` or, from firmwares that skip it, a bare CR.
 * - status `Fxx`, version `Vhhss`, serial `Nxxxx`: one line starting with that letter.
 * - text-then-ok: canable-fw `V`, a free-text line followed by the command's own CR.
 * Any command can be refused with BEL.
 */
export type SlcanReplyKind = 'ok' | 'tx-ack' | 'status' | 'version' | 'serial' | 'text-then-ok';

interface Pending {
	command: string;
	kind: SlcanReplyKind;
	text: string | null;
	resolve(text: string): void;
	reject(err: AdapterError): void;
}

export interface SlcanCommandQueueOptions {
	write(text: string): Promise<void>;
	timeoutMs: number;
	kind: string;
}

/** Serialises commands and pairs each with its reply line; see SlcanReplyKind. */
export class SlcanCommandQueue {
	readonly #write: (text: string) => Promise<void>;
	readonly #timeoutMs: number;
	readonly #kind: string;
	#pending: Pending | null = null;
	#tail: Promise<unknown> = Promise.resolve();
	#failure: AdapterError | null = null;

	constructor(options: SlcanCommandQueueOptions) {
		this.#write = options.write;
		this.#timeoutMs = options.timeoutMs;
		this.#kind = options.kind;
	}

	/** The command in flight is canable's `V`, whose free-text reply must not be read as a frame line. */
	get awaitingText(): boolean {
		return this.#pending?.kind === 'text-then-ok';
	}

	/** Sends `command` (with its CR) after the ones before it; resolves with the reply line. */
	run(command: string, kind: SlcanReplyKind): Promise<string> {
		const run = this.#tail.then(() => this.#exec(command, kind));
		this.#tail = run.catch(() => {});
		return run;
	}

	/** Offers a reply line; false when no command in flight can take it (a stray or garbage line). */
	reply(text: string, bell: boolean): boolean {
		const p = this.#pending;
		if (!p) return false;
		if (bell) {
			const command = JSON.stringify(p.command.replace('\r', ''));
			p.reject(new AdapterRejectedError(`the device refused ${command} (BEL)`, this.#kind));
			return true;
		}
		switch (p.kind) {
			case 'ok':
				if (text !== '') return false;
				break;
			case 'tx-ack':
				if (text !== 'z' && text !== 'Z' && text !== '') return false;
				break;
			case 'status':
				if (text.length !== 3 || text[0] !== 'F') return false;
				break;
			case 'version':
				if (text.length < 2 || text[0] !== 'V') return false;
				break;
			case 'serial':
				if (text.length < 2 || text[0] !== 'N') return false;
				break;
			case 'text-then-ok':
				if (text !== '') {
					if (p.text !== null) return false;
					p.text = text;
					return true;
				}
				text = p.text ?? '';
				break;
		}
		p.resolve(text);
		return true;
	}

	/** The link died: the command in flight and every later one fail with `err`. */
	fail(err: AdapterError): void {
		this.#failure = err;
		this.#pending?.reject(err);
	}

	/** Usable again after a failure (reopen on a fresh stream). */
	reset(): void {
		this.#failure = null;
	}

	#exec(command: string, kind: SlcanReplyKind): Promise<string> {
		if (this.#failure) return Promise.reject(this.#failure);
		return new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				const what = JSON.stringify(command.replace('\r', ''));
				settle(
					new AdapterTimeoutError(`no reply to ${what} within ${this.#timeoutMs} ms`, this.#kind)
				);
			}, this.#timeoutMs);
			const settle = (result: string | AdapterError) => {
				if (this.#pending !== pending) return;
				this.#pending = null;
				clearTimeout(timer);
				if (typeof result === 'string') resolve(result);
				else reject(result);
			};
			const pending: Pending = {
				command,
				kind,
				text: null,
				resolve: settle,
				reject: settle
			};
			this.#pending = pending;
			this.#write(command).catch((err: unknown) => {
				settle(
					err instanceof AdapterError
						? err
						: new AdapterError(`writing ${JSON.stringify(command)} failed`, this.#kind, {
								cause: err
							})
				);
			});
		});
	}
}
