import type { EcuDefinition } from '../../tune/ini';
import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterRejectedError,
	MalformedTransferError
} from '../errors';
import {
	EcuRangeError,
	SPEEDUINO_TEMPLATES,
	TS_ADAPTER,
	TsLink,
	compileOutputChannels,
	decodeOutputChannels,
	expectedSampleRate,
	formatCommand,
	protocolVersionRequest,
	speeduinoPageIdentifier,
	type OutputChannelLayout,
	type OutputSample,
	type SampleRateEstimate,
	type SampleRateInputs
} from '../protocol/tunerstudio';
import type { ByteStream } from '../transport/serial';

export interface TunerStudioAdapterOptions {
	stream: ByteStream;
	/** The ECU definition (parseIni of the firmware's .ini): commands, pages, output channels. */
	definition: EcuDefinition;
	/** `$tsCanId`: 0 for the ECU on this port. @default 0 */
	canId?: number;
	/** Per request, until the whole reply. @default definition blockReadTimeout, else 2000 */
	timeoutMs?: number;
	/** How often a 0x85 BUSY reply is retried before EcuBusyError. @default 5 */
	busyRetries?: number;
	/** @default 20 */
	busyRetryDelayMs?: number;
	/** After a timeout or a garbled reply, the line must be quiet this long before the next request. @default 50 */
	resyncQuietMs?: number;
	/** Host clock in µs, for sample times and rates. @default performance.now() × 1000 */
	clock?: () => number;
	onWarning?: (warning: TunerStudioWarning) => void;
}

export type TunerStudioWarning =
	| { kind: 'unsolicited'; bytes: number }
	| { kind: 'poll-error'; error: AdapterError }
	| { kind: 'sink-error'; error: unknown };

export interface TunerStudioConnectOptions {
	/** Wait after opening the port (an Arduino Mega resets on open). @default definition delayAfterPortOpen, else 0 */
	delayAfterOpenMs?: number;
	/** Send the bare `F` first and report the protocol version. @default true */
	probeProtocol?: boolean;
	/** Throw SignatureMismatchError when the ECU's signature is not the definition's. @default true */
	checkSignature?: boolean;
}

export interface TunerStudioIdentity {
	signature: string;
	/** The `versionInfo` answer (Speeduino `S`), or null when the definition has no such command. */
	product: string | null;
	/** The bare `F` answer ("002" = msEnvelope_1.0), or null when not probed. */
	protocol: string | null;
}

export interface OutputSink {
	sample(sample: OutputSample): void;
	/** Polling ended: null after stop(), else the error that ended it. */
	closed(reason: AdapterError | null): void;
}

export interface PollRate {
	samples: number;
	seconds: number;
	samplesPerSecond: number;
}

export interface TunerStudioPoll {
	/** Stops after the request in flight; resolves when the loop has ended. */
	stop(): Promise<void>;
	/** Samples per second since the previous call (or the start). */
	measuredRate(): PollRate;
	readonly done: Promise<void>;
}

/** The ECU's signature is not the one the definition was written for (protocols.md §6.4: match before loading). */
export class SignatureMismatchError extends AdapterRejectedError {
	override name = 'SignatureMismatchError';
	readonly expected: string;
	readonly actual: string;

	constructor(expected: string, actual: string) {
		super(
			`the ECU reports firmware "${actual}" but this definition (.ini) is for "${expected}". Its pages and output ` +
				`channels would be read at the wrong offsets, so nothing was read: load the .ini that matches the ` +
				`ECU's firmware, or flash the firmware the tune was made for`,
			TS_ADAPTER
		);
		this.expected = expected;
		this.actual = actual;
	}
}

/** comms.h BLOCKING_FACTOR for AVR boards, used when a definition does not give one. */
const DEFAULT_BLOCKING_FACTOR = 121;

/**
 * TunerStudio-protocol driver (Speeduino; rusEFI through its own .ini command strings) over a ByteStream. Every
 * request is one msEnvelope_1.0 frame and one reply (protocols.md §6.1), one at a time. Commands are expanded from
 * the definition's templates, page transfers are cut into blockingFactor chunks, 0x85 BUSY is retried and every
 * other error return code is thrown as its typed EcuReturnCodeError (0x84 is never retried). A request without a
 * whole reply in `timeoutMs` throws AdapterTimeoutError; the stream ending or erroring rejects the pending call at
 * once with AdapterDisconnectedError and the adapter stays disconnected.
 */
export class TunerStudioAdapter {
	readonly kind = TS_ADAPTER;
	readonly definition: EcuDefinition;
	#layout: OutputChannelLayout;
	readonly #canId: number;
	readonly #blockingFactor: number;
	readonly #clock: () => number;
	readonly #onWarning: (warning: TunerStudioWarning) => void;
	readonly #link: TsLink;
	#poll: { stop: () => Promise<void> } | null = null;

	constructor(options: TunerStudioAdapterOptions) {
		if (!options?.stream?.readable || !options.stream.writable) {
			throw new TypeError('TunerStudioAdapter needs a stream ({ readable, writable })');
		}
		const definition = options.definition;
		if (!definition?.outputChannels || !definition.pages) {
			throw new TypeError('TunerStudioAdapter needs a definition (parseIni of the ECU .ini)');
		}
		this.definition = definition;
		this.#layout = compileOutputChannels(definition);
		this.#canId = options.canId ?? 0;
		if (!Number.isInteger(this.#canId) || this.#canId < 0 || this.#canId > 0xff) {
			throw new TypeError(`canId must be an integer 0…255, got ${this.#canId}`);
		}
		this.#blockingFactor = definition.comms.blockingFactor ?? DEFAULT_BLOCKING_FACTOR;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#onWarning = options.onWarning ?? (() => {});
		this.#link = new TsLink({
			stream: options.stream,
			timeoutMs: positive(
				options.timeoutMs ?? definition.comms.blockReadTimeout ?? 2000,
				'timeoutMs'
			),
			busyRetries: count(options.busyRetries ?? 5, 'busyRetries'),
			busyRetryDelayMs: count(options.busyRetryDelayMs ?? 20, 'busyRetryDelayMs'),
			resyncQuietMs: count(options.resyncQuietMs ?? 50, 'resyncQuietMs'),
			clock: this.#clock,
			onUnsolicited: (bytes) => this.#onWarning({ kind: 'unsolicited', bytes })
		});
	}

	get connected(): boolean {
		return this.#link.failure === null;
	}

	/**
	 * Reads every constants page from the ECU and recompiles the output channels with them, so computed channels
	 * that read constants (`lambda = { afr / stoich }`, injector duty from `nCylinders`/`divider`) evaluate.
	 * @returns the page images, index = page number − 1.
	 */
	async loadConstants(): Promise<Uint8Array[]> {
		const images: Uint8Array[] = [];
		for (const page of this.definition.pages)
			images[page.number - 1] = await this.readPage(page.number);
		this.#layout = compileOutputChannels(this.definition, {
			pages: images,
			clock: () => this.#clock() / 1e6
		});
		return images;
	}

	/** Channels the decoder cannot compute (unknown names, or constants not loaded yet: see loadConstants). */
	get unevaluatedChannels(): readonly string[] {
		return this.#layout.unevaluated;
	}

	/**
	 * Bring-up as TunerStudio does it: wait out the board's reset, drop whatever it printed meanwhile (bootloader
	 * chatter, a stray 0xF0 from the DTR toggle), ask the bare `F` for the protocol, then the signature and the
	 * product string. A signature that is not the definition's throws SignatureMismatchError.
	 */
	async connect(options: TunerStudioConnectOptions = {}): Promise<TunerStudioIdentity> {
		const delay = options.delayAfterOpenMs ?? this.definition.comms.delayAfterPortOpen ?? 0;
		await sleep(count(delay, 'delayAfterOpenMs'));
		this.#link.markStale();
		let protocol: string | null = null;
		if (options.probeProtocol ?? true) {
			const reply = await this.#link.bare(protocolVersionRequest(), 3);
			protocol = String.fromCharCode(...reply);
			if (!/^\d{3}$/.test(protocol)) {
				throw new MalformedTransferError(
					`F answered ${JSON.stringify(protocol)}, not a version`,
					TS_ADAPTER
				);
			}
		}
		const signature = trimText(
			await this.#textCommand(this.definition.commands.query ?? SPEEDUINO_TEMPLATES.query)
		);
		const versionInfo = this.definition.commands.versionInfo;
		const product = versionInfo ? trimText(await this.#textCommand(versionInfo)) : null;
		if ((options.checkSignature ?? true) && signature !== this.definition.signature) {
			throw new SignatureMismatchError(this.definition.signature, signature);
		}
		return { signature, product, protocol };
	}

	/** The ECU's answer to the query command (Speeduino `Q`). */
	async querySignature(): Promise<string> {
		return trimText(
			await this.#textCommand(this.definition.commands.query ?? SPEEDUINO_TEMPLATES.query)
		);
	}

	/** One realtime block, decoded to named engineering values. */
	async readOutputChannels(): Promise<OutputSample> {
		const block = await this.readOutputBlock();
		return { t: this.#clock(), values: decodeOutputChannels(this.#layout, block) };
	}

	/** One realtime block, raw (ochBlockSize bytes), fetched in blockingFactor chunks. */
	async readOutputBlock(): Promise<Uint8Array> {
		const size = this.definition.outputChannels.blockSize;
		if (size === 0) throw new TypeError('the definition has no output channels (ochBlockSize)');
		const template = this.definition.commands.outputChannels ?? SPEEDUINO_TEMPLATES.outputChannels;
		return this.#chunkedRead(size, 0, (offset, count) => this.#format(template, { offset, count }));
	}

	/** Page bytes from RAM; `page` is the definition's page number. */
	async readPage(page: number, offset = 0, length?: number): Promise<Uint8Array> {
		const size = this.#pageSize(page);
		const n = length ?? size - offset;
		checkRange(page, size, offset, n);
		const template = this.definition.commands.pageRead[page - 1] ?? SPEEDUINO_TEMPLATES.pageRead;
		return this.#chunkedRead(n, offset, (at, count) =>
			this.#format(template, { pageIdentifier: this.#pageIdentifier(page), offset: at, count })
		);
	}

	/** Writes page RAM in blockingFactor chunks; burn() makes it survive a power cycle. */
	async writePage(page: number, offset: number, data: Uint8Array): Promise<void> {
		const size = this.#pageSize(page);
		checkRange(page, size, offset, data.length);
		const template =
			this.definition.commands.pageChunkWrite[page - 1] ??
			this.definition.commands.pageValueWrite[page - 1] ??
			SPEEDUINO_TEMPLATES.pageWrite;
		for (let done = 0; done < data.length; done += this.#blockingFactor) {
			const values = data.subarray(done, done + this.#blockingFactor);
			const payload = this.#format(template, {
				pageIdentifier: this.#pageIdentifier(page),
				offset: offset + done,
				count: values.length,
				values
			});
			await this.#link.request(payload, 1);
		}
	}

	/** Copies page RAM to EEPROM/flash (Speeduino answers 0x04 BURN_OK). */
	async burn(page: number): Promise<void> {
		this.#pageSize(page);
		const template = this.definition.commands.burn[page - 1] ?? SPEEDUINO_TEMPLATES.burn;
		await this.#link.request(
			this.#format(template, { pageIdentifier: this.#pageIdentifier(page) }),
			1
		);
	}

	/** CRC32 of page RAM as the ECU computes it, to compare with a local image without reading it. */
	async pageCrc(page: number): Promise<number> {
		this.#pageSize(page);
		const template =
			this.definition.commands.crc32Check[page - 1] ?? SPEEDUINO_TEMPLATES.crc32Check;
		const reply = await this.#link.request(
			this.#format(template, { pageIdentifier: this.#pageIdentifier(page) }),
			5
		);
		return new DataView(reply.buffer, reply.byteOffset + 1, 4).getUint32(0);
	}

	/** What a user should expect from startPolling() at `baud` (see expectedSampleRate). */
	expectedRate(inputs: Omit<SampleRateInputs, 'ochBlockSize'>): SampleRateEstimate {
		return expectedSampleRate({
			blockingFactor: this.#blockingFactor,
			...inputs,
			ochBlockSize: this.definition.outputChannels.blockSize
		});
	}

	/**
	 * Reads output channels back to back and hands each decoded sample to `sink`. A timeout or garbled reply is
	 * reported through onWarning and polling goes on, until `maxConsecutiveErrors` in a row end it; a disconnect or
	 * a 0x84 range error ends it at once. Other calls (page reads, writes) interleave between samples.
	 */
	startPolling(sink: OutputSink, options: { maxConsecutiveErrors?: number } = {}): TunerStudioPoll {
		if (this.#poll)
			throw new AdapterRejectedError('already polling; stop the running poll first', TS_ADAPTER);
		if (this.#link.failure) throw this.#link.failure;
		const maxErrors = positive(options.maxConsecutiveErrors ?? 3, 'maxConsecutiveErrors');
		let running = true;
		let counted = { samples: 0, sinceUs: this.#clock() };
		const done = (async () => {
			let errors = 0;
			let reason: AdapterError | null = null;
			while (running) {
				try {
					const sample = await this.readOutputChannels();
					errors = 0;
					counted.samples++;
					try {
						sink.sample(sample);
					} catch (error) {
						this.#onWarning({ kind: 'sink-error', error });
					}
				} catch (err) {
					const error = asAdapterError(err);
					const fatal = error instanceof AdapterDisconnectedError || error instanceof EcuRangeError;
					if (fatal || ++errors >= maxErrors) {
						reason = error;
						break;
					}
					this.#onWarning({ kind: 'poll-error', error });
				}
			}
			this.#poll = null;
			try {
				sink.closed(reason);
			} catch (error) {
				this.#onWarning({ kind: 'sink-error', error });
			}
		})();
		const stop = async () => {
			running = false;
			await done;
		};
		this.#poll = { stop };
		return {
			stop,
			done,
			measuredRate: () => {
				const now = this.#clock();
				const seconds = Math.max(1e-6, (now - counted.sinceUs) / 1e6);
				const rate = {
					samples: counted.samples,
					seconds,
					samplesPerSecond: counted.samples / seconds
				};
				counted = { samples: 0, sinceUs: now };
				return rate;
			}
		};
	}

	/** Stops polling and releases the stream locks; later calls throw AdapterDisconnectedError. */
	async close(): Promise<void> {
		await this.#poll?.stop();
		await this.#link.close();
	}

	#pageSize(page: number): number {
		const p = this.definition.pages[page - 1];
		if (!Number.isInteger(page) || !p) {
			throw new RangeError(`page must be 1…${this.definition.pages.length}, got ${page}`);
		}
		return p.size;
	}

	#pageIdentifier(page: number): string {
		return this.definition.commands.pageIdentifier[page - 1] ?? speeduinoPageIdentifier(page);
	}

	#format(template: string, args: Parameters<typeof formatCommand>[1]): Uint8Array {
		return formatCommand(template, { canId: this.#canId, ...args }, this.definition.endianness);
	}

	async #textCommand(template: string): Promise<string> {
		const reply = await this.#link.request(this.#format(template, {}), null);
		return String.fromCharCode(...reply.subarray(1));
	}

	async #chunkedRead(
		length: number,
		offset: number,
		command: (offset: number, count: number) => Uint8Array
	): Promise<Uint8Array> {
		const out = new Uint8Array(length);
		for (let done = 0; done < length; done += this.#blockingFactor) {
			const count = Math.min(this.#blockingFactor, length - done);
			const reply = await this.#link.request(command(offset + done, count), 1 + count);
			out.set(reply.subarray(1), done);
		}
		return out;
	}
}

function checkRange(page: number, size: number, offset: number, length: number): void {
	if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 1) {
		throw new RangeError(
			`offset and length must be integers ≥ 0 and ≥ 1, got ${offset}, ${length}`
		);
	}
	if (offset + length > size) {
		throw new RangeError(
			`bytes ${offset}…${offset + length - 1} pass page ${page}'s ${size} bytes`
		);
	}
}

function asAdapterError(err: unknown): AdapterError {
	return err instanceof AdapterError
		? err
		: new AdapterError(`polling failed: ${String(err)}`, TS_ADAPTER, { cause: err });
}

/** Signatures come padded with NULs or spaces on some firmware. */
function trimText(text: string): string {
	return text.replace(/[\0\s]+$/, '');
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function positive(n: number, what: string): number {
	if (!(n > 0) || !Number.isFinite(n))
		throw new TypeError(`${what} must be a positive number, got ${n}`);
	return n;
}

function count(n: number, what: string): number {
	if (!(n >= 0) || !Number.isFinite(n))
		throw new TypeError(`${what} must be a number ≥ 0, got ${n}`);
	return n;
}
