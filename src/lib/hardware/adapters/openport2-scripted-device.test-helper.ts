import type { UsbControlSetup, UsbDeviceLike, UsbInResult, UsbOutResult } from '../transport/usb';

/** Concatenates ASCII strings and byte lists, for hand-written OpenPort transcripts. */
export function bytes(
	...parts: (string | readonly number[] | Uint8Array)[]
): Uint8Array<ArrayBuffer> {
	const out: number[] = [];
	for (const part of parts) {
		if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0));
		else out.push(...part);
	}
	return new Uint8Array(out);
}

/** Bytes as a readable string: printable ASCII as is, everything else as `<hh>`. */
export function show(data: Uint8Array): string {
	return Array.from(data, (b) =>
		b >= 0x20 && b < 0x7f
			? String.fromCharCode(b)
			: b === 0x0d
				? '\\r'
				: b === 0x0a
					? '\\n'
					: `<${b.toString(16).padStart(2, '0')}>`
	).join('');
}

interface Step {
	out: Uint8Array;
	replies: Uint8Array[];
}

interface PendingIn {
	resolve(result: UsbInResult): void;
	reject(err: unknown): void;
}

/**
 * A UsbDeviceLike that plays a hand-written transcript in the style of ledgerjs RecordStore (STYLE R16): each
 * expected OUT transfer is answered with the IN transfers scripted for it, exactly as given, so tests choose where
 * reads split and what they concatenate. Writes that do not match the next step are kept in `unexpected`.
 */
export class ScriptedOpenPort implements UsbDeviceLike {
	readonly vendorId = 0x0403;
	readonly productId = 0xcc4d;
	readonly productName = 'OpenPort 2.0';
	configuration: unknown;
	readonly written: Uint8Array[] = [];
	readonly unexpected: string[] = [];
	readonly claimed: number[] = [];
	readonly inEndpoints: number[] = [];
	readonly outEndpoints: number[] = [];
	#opened = false;
	#gone = false;
	readonly #steps: Step[] = [];
	readonly #chunks: Uint8Array[] = [];
	readonly #pending: PendingIn[] = [];

	constructor(options: { configuration?: unknown } = {}) {
		this.configuration = options.configuration ?? { configurationValue: 1 };
	}

	get opened(): boolean {
		return this.#opened;
	}

	/** Steps not yet played. */
	get remaining(): number {
		return this.#steps.length;
	}

	/** When the host writes exactly `out`, answer with `replies`, one IN transfer each. */
	on(out: Uint8Array | string, ...replies: (Uint8Array | string)[]): this {
		this.#steps.push({ out: toBytes(out), replies: replies.map(toBytes) });
		return this;
	}

	/** IN transfers the device sends unprompted (bus traffic), one per chunk. */
	feed(...chunks: (Uint8Array | string)[]): void {
		this.#chunks.push(...chunks.map(toBytes));
		this.#serve();
	}

	unplug(): void {
		this.#gone = true;
		for (const p of this.#pending.splice(0)) {
			p.reject(new DOMException('The device was disconnected.', 'NotFoundError'));
		}
	}

	async open(): Promise<void> {
		this.#check();
		this.#opened = true;
	}

	async close(): Promise<void> {
		this.#opened = false;
		for (const p of this.#pending.splice(0)) p.reject(new DOMException('closed', 'AbortError'));
	}

	async selectConfiguration(): Promise<void> {
		this.#check();
	}

	async claimInterface(n: number): Promise<void> {
		this.#check();
		this.claimed.push(n);
	}

	async releaseInterface(): Promise<void> {}

	async controlTransferIn(_s: UsbControlSetup, _l: number): Promise<UsbInResult> {
		return { status: 'stall' };
	}

	async controlTransferOut(_s: UsbControlSetup, _d?: BufferSource): Promise<UsbOutResult> {
		return { status: 'stall', bytesWritten: 0 };
	}

	transferIn(endpoint: number, _length: number): Promise<UsbInResult> {
		this.inEndpoints.push(endpoint);
		if (this.#gone)
			return Promise.reject(new DOMException('The device was disconnected.', 'NotFoundError'));
		return new Promise((resolve, reject) => {
			this.#pending.push({ resolve, reject });
			this.#serve();
		});
	}

	async transferOut(endpoint: number, data: BufferSource): Promise<UsbOutResult> {
		this.#check();
		this.outEndpoints.push(endpoint);
		const view =
			data instanceof ArrayBuffer
				? new Uint8Array(data)
				: new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		const written = view.slice();
		this.written.push(written);
		const step = this.#steps[0];
		if (step && equal(step.out, written)) {
			this.#steps.shift();
			this.feed(...step.replies);
		} else {
			this.unexpected.push(show(written));
		}
		return { status: 'ok', bytesWritten: written.length };
	}

	#serve(): void {
		while (this.#pending.length > 0 && this.#chunks.length > 0) {
			const chunk = this.#chunks.shift()!;
			this.#pending.shift()!.resolve({
				status: 'ok',
				data: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength)
			});
		}
	}

	#check(): void {
		if (this.#gone) throw new DOMException('The device was disconnected.', 'NotFoundError');
	}
}

function toBytes(data: Uint8Array | string): Uint8Array {
	return typeof data === 'string' ? bytes(data) : data;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}
