import { deliverSafely, safeWarn } from './driver-callbacks';
import {
	AdapterDisconnectedError,
	AdapterError,
	AdapterRejectedError,
	MalformedTransferError
} from '../errors';
import { isUsbGone, type UsbDeviceLike, type UsbInResult } from '../transport/usb';
import type { CanFrame } from '../protocol/can-frame';
import {
	ELM327_TX_RULE,
	PANDA_CAN_COUNT,
	PANDA_CAN_DATA_SPEEDS,
	PANDA_PACKET_VERSIONS,
	PANDA_RX_TRANSFER_SIZE,
	PANDA_USB_PACKET_SIZE,
	PANDA_VENDOR_IDS,
	PandaChecksumError,
	PandaEndpoint,
	PandaPacketUnpacker,
	PandaRequest,
	PandaSafetyMode,
	busStateOf,
	canSpeedParam,
	chunkBySize,
	elm327TxAllowed,
	encodeCanPacket,
	safetyModeName,
	type PandaCanHealth,
	type PandaCanPacket,
	type PandaHealth,
	type PandaPacketVersions
} from '../protocol/panda';
import type { BusState, CanAdapter, CanOpenOptions, CanSink } from './can-adapter';

export type { PandaDeviceInfo } from './panda-bring-up';
import { PandaControl } from './panda-control';
import { bringUpPanda, type PandaDeviceInfo } from './panda-bring-up';
import { PandaTxTracker } from './panda-tx';
import { readBulkIn } from './usb-bulk-reader';
import { toUsbAdapterError, usbTransferError, type UsbDriverNames } from './usb-driver-errors';

/** The safety modes this driver selects: none of them can command a car's actuators. */
export type PandaSafetyChoice = 'silent' | 'elm327' | 'noOutput';

/** Things worth logging that do not stop the stream. */
export type PandaWarning =
	| { kind: 'malformed'; error: MalformedTransferError }
	| { kind: 'unknown-echo'; packet: PandaCanPacket }
	| { kind: 'safety-mode-changed'; expected: number; actual: number; heartbeatLost: boolean }
	| { kind: 'rx-overflow'; dropped: number }
	| { kind: 'heartbeat-failed'; error: AdapterError }
	| { kind: 'health-failed'; error: AdapterError }
	| { kind: 'sink-error'; error: unknown };

export interface PandaAdapterOptions {
	device: UsbDeviceLike;
	/**
	 * SILENT (the default) only listens, the safe way to sniff a car. 'elm327' lets diagnostic requests out
	 * (OBD/UDS ids only, see ELM327_TX_RULE); 'noOutput' acknowledges frames but sends none.
	 * @default 'silent'
	 */
	safetyMode?: PandaSafetyChoice;
	/**
	 * set_safety_mode wIndex. For elm327, 0 switches bus 1 to the OBD-II connector on boards with the OBD
	 * multiplexer (black/red panda, tres, cuatro); 1 keeps bus 1 on the harness. @default 0
	 */
	safetyParam?: number;
	/** set_obd(1) after the safety mode: bus 1 is the OBD-II connector's CAN. @default false */
	obdMultiplexer?: boolean;
	/** CAN FD data-phase rate for all buses (set_can_data_speed_kbps); FD frames need it. */
	dataBitrate?: number;
	/** What get_packets_versions must report. @default PANDA_PACKET_VERSIONS */
	packetVersions?: PandaPacketVersions;
	/** Host clock in µs; CANPackets carry no timestamp. @default performance.now() × 1000 */
	clock?: () => number;
	/** Bulk IN transfers kept outstanding. @default 4 */
	rxTransfers?: number;
	/** Bytes per bulk IN transfer, a multiple of 64. @default 16384 (python can_recv) */
	rxTransferSize?: number;
	/** Longest send() waits for its echo. @default 1000 */
	txTimeoutMs?: number;
	/** Per control transfer. @default 1000 */
	controlTimeoutMs?: number;
	/**
	 * send_heartbeat period; the panda falls back to SILENT after 2 s without one (5 s with ignition). A hidden
	 * tab's timers can be throttled far below 1 Hz, so run the adapter in a worker for long sessions.
	 * @default 1000
	 */
	heartbeatIntervalMs?: number;
	/** health + can_health poll period. @default 1000 */
	healthIntervalMs?: number;
	onWarning?: (warning: PandaWarning) => void;
}

export interface PandaStats {
	rxFrames: number;
	/** Frames the panda echoed as sent. */
	txFrames: number;
	/** Frames the panda's safety mode refused. */
	rejected: number;
	malformed: number;
	unknownEchoes: number;
	/** can_reset_communications sent to regain packet framing. */
	resyncs: number;
}

type State = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

interface QueuedTx {
	bytes: Uint8Array;
	fail(err: AdapterError): void;
}

const KIND = 'panda';
const NAMES: UsbDriverNames = { kind: KIND, label: 'panda', device: 'panda' };
const ACTIVE = { state: 'active', counters: { rx: 0, tx: 0 } } as const satisfies {
	state: BusState;
	counters: { rx: number; tx: number };
};

const MODE_IDS: Record<PandaSafetyChoice, number> = {
	silent: PandaSafetyMode.silent,
	elm327: PandaSafetyMode.elm327,
	noOutput: PandaSafetyMode.noOutput
};

/**
 * CanAdapter for a comma.ai panda over WebUSB (protocols.md §5; python/__init__.py is the reference host).
 * open() checks the packet versions, resets the comms buffers, sets bit rates and the safety mode (SILENT unless
 * told otherwise), then keeps a 1 Hz heartbeat and a 1 Hz health poll going. Frames arrive on `sink.frame` with
 * the panda bus as `channel`; can_health error flags and counters of `options.channel` go to `sink.busState`.
 * send() refuses what the safety mode would block before it reaches USB, batches queued frames into ≤256-byte
 * EP3 writes and resolves on the panda's echo (rejects with AdapterRejectedError on a `rejected` packet).
 */
export class PandaAdapter implements CanAdapter {
	readonly kind = KIND;
	readonly #device: UsbDeviceLike;
	readonly #control: PandaControl;
	readonly #mode: number;
	readonly #choice: PandaSafetyChoice;
	readonly #param: number;
	readonly #obdMux: boolean;
	readonly #dataBitrate: number | undefined;
	readonly #versions: PandaPacketVersions;
	readonly #clock: () => number;
	readonly #rxTransfers: number;
	readonly #rxSize: number;
	readonly #txTimeoutMs: number;
	readonly #heartbeatMs: number;
	readonly #healthMs: number;
	readonly #warn: (warning: PandaWarning) => void;
	readonly #unpacker = new PandaPacketUnpacker();
	readonly #tx = new PandaTxTracker();
	readonly #stats: PandaStats = {
		rxFrames: 0,
		txFrames: 0,
		rejected: 0,
		malformed: 0,
		unknownEchoes: 0,
		resyncs: 0
	};
	#state: State = 'idle';
	#sink: CanSink | null = null;
	#channel = 0;
	#info: PandaDeviceInfo | null = null;
	#health: PandaHealth | null = null;
	#canHealth: PandaCanHealth | null = null;
	/** The safety mode the panda last reported (or was told). */
	#pandaMode: number = PandaSafetyMode.silent;
	/** What sink.busState last heard; a fresh adapter starts error-active with zero counters. */
	#lastBusState: { state: BusState; counters: { rx: number; tx: number } } = ACTIVE;
	/** set_safety_mode was sent, so closing must put the panda back to SILENT. */
	#modeSet = false;
	#failure: AdapterError | null = null;
	#opening: Promise<void> | null = null;
	#closing: Promise<void> | null = null;
	#queue: QueuedTx[] = [];
	#flushScheduled = false;
	#writes: Promise<void> = Promise.resolve();
	#resync: Promise<void> | null = null;
	#polling: Promise<void> | null = null;
	#heartbeatTimer: ReturnType<typeof setInterval> | null = null;
	#healthTimer: ReturnType<typeof setInterval> | null = null;

	constructor(options: PandaAdapterOptions) {
		if (!options?.device) throw new TypeError('PandaAdapter needs a device (UsbDeviceLike)');
		const { device } = options;
		if (!(PANDA_VENDOR_IDS as readonly number[]).includes(device.vendorId)) {
			throw new TypeError(
				`vendor id 0x${device.vendorId.toString(16)} is not a panda's (0x3801 or legacy 0xbbaa)`
			);
		}
		const choice = options.safetyMode ?? 'silent';
		if (!(choice in MODE_IDS)) {
			throw new TypeError(`safetyMode must be 'silent', 'elm327' or 'noOutput', got '${choice}'`);
		}
		const param = options.safetyParam ?? 0;
		if (!Number.isInteger(param) || param < 0 || param > 0xffff) {
			throw new TypeError(`safetyParam must be a 16-bit unsigned integer, got ${param}`);
		}
		if (
			options.dataBitrate !== undefined &&
			canSpeedParam(options.dataBitrate, PANDA_CAN_DATA_SPEEDS) === undefined
		) {
			throw new TypeError(
				`dataBitrate ${options.dataBitrate} is not one the panda accepts (${PANDA_CAN_DATA_SPEEDS.map((s) => s * 100).join(', ')} bit/s)`
			);
		}
		this.#rxTransfers = positiveInteger(options.rxTransfers ?? 4, 'rxTransfers');
		this.#rxSize = positiveInteger(
			options.rxTransferSize ?? PANDA_RX_TRANSFER_SIZE,
			'rxTransferSize'
		);
		if (this.#rxSize % PANDA_USB_PACKET_SIZE !== 0) {
			throw new TypeError(
				`rxTransferSize must be a multiple of ${PANDA_USB_PACKET_SIZE} (the endpoint's packet size), got ${this.#rxSize}`
			);
		}
		this.#device = device;
		this.#choice = choice;
		this.#mode = MODE_IDS[choice];
		this.#param = param;
		this.#obdMux = options.obdMultiplexer ?? false;
		this.#dataBitrate = options.dataBitrate;
		this.#versions = options.packetVersions ?? PANDA_PACKET_VERSIONS;
		this.#clock = options.clock ?? (() => performance.now() * 1000);
		this.#txTimeoutMs = positiveInteger(options.txTimeoutMs ?? 1000, 'txTimeoutMs');
		this.#heartbeatMs = positiveInteger(options.heartbeatIntervalMs ?? 1000, 'heartbeatIntervalMs');
		this.#healthMs = positiveInteger(options.healthIntervalMs ?? 1000, 'healthIntervalMs');
		this.#control = new PandaControl({
			device,
			timeoutMs: positiveInteger(options.controlTimeoutMs ?? 1000, 'controlTimeoutMs')
		});
		this.#warn = safeWarn(options.onWarning);
	}

	get stats(): Readonly<PandaStats> {
		return { ...this.#stats };
	}

	/** What the panda reported during open(), or null before. */
	get info(): PandaDeviceInfo | null {
		return this.#info;
	}

	/** The latest health reply. */
	get health(): PandaHealth | null {
		return this.#health;
	}

	/** The latest can_health reply for the open channel. */
	get canHealth(): PandaCanHealth | null {
		return this.#canHealth;
	}

	open(options: CanOpenOptions, sink: CanSink): Promise<void> {
		if (this.#state !== 'idle' && this.#state !== 'closed') {
			return Promise.reject(new AdapterError(`panda adapter is ${this.#state}`, KIND));
		}
		const channel = options.channel ?? 0;
		if (!Number.isInteger(channel) || channel < 0 || channel >= PANDA_CAN_COUNT) {
			return Promise.reject(new TypeError(`channel must be a panda bus 0–2, got ${channel}`));
		}
		if (options.listenOnly && this.#choice !== 'silent') {
			return Promise.reject(
				new TypeError(
					`listenOnly asks for a silent panda, but the adapter was made with safetyMode '${this.#choice}'`
				)
			);
		}
		const bitrate = options.bitrate ?? 500_000;
		const speed = canSpeedParam(bitrate);
		if (speed === undefined) {
			return Promise.reject(
				new AdapterRejectedError(
					`the panda cannot run CAN at ${bitrate} bit/s (it takes 10k, 20k, 50k, 100k, 125k, 250k, 500k or 1M)`,
					KIND
				)
			);
		}
		if (this.#dataBitrate !== undefined && this.#dataBitrate < bitrate) {
			return Promise.reject(
				new TypeError(
					`dataBitrate ${this.#dataBitrate} is below the nominal ${bitrate}; the panda would leave CAN FD off`
				)
			);
		}
		this.#state = 'opening';
		this.#sink = sink;
		this.#channel = channel;
		this.#failure = null;
		this.#closing = null;
		this.#lastBusState = ACTIVE;
		this.#modeSet = false;
		this.#health = null;
		this.#canHealth = null;
		this.#unpacker.reset();
		this.#opening = this.#bringUp(speed).then(
			() => {
				this.#state = 'open';
				for (let i = 0; i < this.#rxTransfers; i++) void this.#readIn();
				this.#heartbeatTimer = setInterval(() => this.#heartbeat(), this.#heartbeatMs);
				this.#healthTimer = setInterval(() => void this.#pollHealth(), this.#healthMs);
			},
			async (err: unknown) => {
				this.#state = 'closed';
				const gone = isUsbGone(err) || err instanceof AdapterDisconnectedError;
				await this.#releaseQuietly(this.#modeSet && !gone);
				throw toAdapterError(err, 'open failed');
			}
		);
		return this.#opening;
	}

	async send(frame: CanFrame): Promise<void> {
		if (this.#state !== 'open') {
			throw this.#failure ?? new AdapterError(`panda adapter is ${this.#state}`, KIND);
		}
		if (frame.rtr) {
			throw new AdapterRejectedError(
				'a CANPacket has no RTR bit: the panda cannot send remote frames',
				KIND
			);
		}
		if (frame.fd && this.#dataBitrate === undefined) {
			throw new AdapterRejectedError(
				'CAN FD frames need the adapter made with a dataBitrate',
				KIND
			);
		}
		if (!Number.isInteger(frame.channel) || frame.channel < 0 || frame.channel >= PANDA_CAN_COUNT) {
			throw new TypeError(`frame.channel must be a panda bus 0–2, got ${frame.channel}`);
		}
		this.#checkSafety(frame);
		const packet = {
			bus: frame.channel,
			id: frame.id,
			extended: frame.extended,
			fd: frame.fd,
			data: frame.data
		};
		const bytes = encodeCanPacket(packet);
		const waiter = this.#tx.wait(packet, this.#txTimeoutMs);
		this.#queue.push({ bytes, fail: waiter.fail });
		this.#scheduleFlush();
		await waiter.promise;
	}

	close(): Promise<void> {
		if (this.#closing) return this.#closing;
		this.#closing = (async () => {
			if (this.#state === 'opening') await this.#opening?.catch(() => {});
			if (this.#state !== 'open') return;
			this.#state = 'closing';
			this.#stopTimers();
			const closed = new AdapterError('panda adapter closed', KIND);
			this.#tx.failAll(closed);
			for (const queued of this.#queue.splice(0)) queued.fail(closed);
			await this.#writes;
			await this.#releaseQuietly(true);
			this.#state = 'closed';
			this.#sink?.closed(null);
		})();
		return this.#closing;
	}

	async #bringUp(speed: number): Promise<void> {
		const up = await bringUpPanda(this.#device, this.#control, {
			versions: this.#versions,
			speed,
			dataSpeed: this.#dataBitrate === undefined ? undefined : this.#dataBitrate / 100,
			mode: this.#mode,
			param: this.#param,
			obdMultiplexer: this.#obdMux,
			channel: this.#channel,
			onModeSet: () => {
				this.#modeSet = true;
			}
		});
		this.#info = up.info;
		this.#health = up.health;
		this.#canHealth = up.canHealth;
		this.#pandaMode = up.health.safetyMode;
		this.#reportBusState(up.canHealth);
	}

	/** Refuses, before USB, what the panda's safety mode would bounce back as `rejected`. */
	#checkSafety(frame: CanFrame): void {
		const mode = this.#pandaMode;
		const fellBack =
			mode !== this.#mode
				? ` (it was set to ${this.#choice}; a lapsed heartbeat drops it to silent)`
				: '';
		if (mode === PandaSafetyMode.silent || mode === PandaSafetyMode.noOutput) {
			throw new AdapterRejectedError(
				`the panda's safety mode is ${safetyModeName(mode)}, which never transmits${fellBack}` +
					(fellBack
						? ''
						: "; make the adapter with safetyMode 'elm327' to send diagnostic requests"),
				KIND
			);
		}
		if (mode === PandaSafetyMode.elm327 && !elm327TxAllowed(frame)) {
			throw new AdapterRejectedError(
				`${ELM327_TX_RULE}; CAN id 0x${frame.id.toString(16)} with ${frame.data.length} bytes is not one`,
				KIND
			);
		}
	}

	#scheduleFlush(): void {
		if (this.#flushScheduled) return;
		this.#flushScheduled = true;
		queueMicrotask(() => {
			this.#flushScheduled = false;
			this.#writes = this.#writes.then(() => this.#writeQueued());
		});
	}

	/** Everything queued since the last write goes out as ≤256-byte EP3 transfers, in order. */
	async #writeQueued(): Promise<void> {
		const chunks = chunkBySize(this.#queue.splice(0), (q) => q.bytes.length);
		for (let i = 0; i < chunks.length; i++) {
			if (this.#state !== 'open') return;
			const chunk = chunks[i];
			const out = new Uint8Array(chunk.reduce((n, q) => n + q.bytes.length, 0));
			let at = 0;
			for (const q of chunk) {
				out.set(q.bytes, at);
				at += q.bytes.length;
			}
			let error: AdapterError | null = null;
			try {
				const result = await this.#device.transferOut(PandaEndpoint.CAN_TX, out);
				if (result.status !== 'ok') {
					error = new AdapterRejectedError(`bulk OUT to EP3 ended with ${result.status}`, KIND);
				}
			} catch (err) {
				error = this.#transferFailed(err, 'bulk OUT');
			}
			if (error) {
				for (const rest of chunks.slice(i)) for (const q of rest) q.fail(error);
				return;
			}
		}
	}

	#readIn(): Promise<void> {
		return readBulkIn({
			device: this.#device,
			endpoint: PandaEndpoint.CAN_RX,
			length: this.#rxSize,
			names: NAMES,
			endpointName: 'the bulk IN endpoint (EP1)',
			running: () => this.#state === 'open',
			onTransfer: (result) => this.#handleIn(result),
			onFailure: (error) => this.#fail(error)
		});
	}

	#handleIn(result: UsbInResult): void {
		if (result.status === 'babble') {
			this.#malformed(
				new MalformedTransferError('bulk IN overflowed its buffer (babble); packets lost', KIND)
			);
			return;
		}
		const data = result.data;
		// An idle panda answers IN tokens with zero-length packets; the next transfer is already queued.
		if (!data || data.byteLength === 0 || this.#resync) return;
		this.#ingest(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	}

	#ingest(bytes: Uint8Array): void {
		try {
			this.#unpacker.push(bytes, (packet) => this.#packet(packet));
		} catch (err) {
			if (!(err instanceof PandaChecksumError)) throw err;
			this.#malformed(err);
		}
	}

	#packet(p: PandaCanPacket): void {
		if (p.returned || p.rejected) {
			this.#echo(p);
			return;
		}
		if (!p.fd && p.data.length > 8) {
			this.#stats.malformed++;
			this.#warn({
				kind: 'malformed',
				error: new MalformedTransferError(
					`a classic CAN packet with ${p.data.length} bytes (DLC ${p.data.length}) on bus ${p.bus}`,
					KIND
				)
			});
			return;
		}
		this.#stats.rxFrames++;
		const frame: CanFrame = {
			id: p.id,
			extended: p.extended,
			rtr: false,
			fd: p.fd,
			brs: false,
			data: p.data,
			timestampUs: this.#clock(),
			channel: p.bus
		};
		deliverSafely(() => this.#sink?.frame(frame), this.#warn);
	}

	#echo(p: PandaCanPacket): void {
		const waiter = this.#tx.take(p);
		if (waiter === undefined) {
			this.#stats.unknownEchoes++;
			this.#warn({ kind: 'unknown-echo', packet: p });
			return;
		}
		if (p.returned) {
			this.#stats.txFrames++;
			if (waiter !== 'abandoned') waiter.resolve();
			return;
		}
		this.#stats.rejected++;
		if (waiter === 'abandoned') return;
		// Name the mode the panda is in now: the one we set, unless it fell back since the last poll.
		void this.#pollHealth().finally(() => {
			const mode = this.#pandaMode;
			waiter.reject(
				new AdapterRejectedError(
					`the panda's safety mode ${safetyModeName(mode)} refused CAN id 0x${p.id.toString(16)} on bus ${p.bus}` +
						(mode !== this.#mode
							? ` (it was set to ${this.#choice}; a lapsed heartbeat drops it to silent)`
							: ''),
					KIND
				)
			);
		});
	}

	/**
	 * Framing is lost after a bad packet: drop what arrives until can_reset_communications has reset the
	 * firmware's read buffer, so the stream restarts on a packet boundary. Waits for TX writes in flight,
	 * because the same request also discards a packet the firmware is reassembling from EP3.
	 */
	#malformed(error: MalformedTransferError): void {
		this.#stats.malformed++;
		this.#warn({ kind: 'malformed', error });
		if (this.#resync) return;
		this.#stats.resyncs++;
		this.#unpacker.reset();
		this.#resync = this.#writes
			.then(() =>
				this.#control.out('can_reset_communications', PandaRequest.CAN_RESET_COMMUNICATIONS)
			)
			.then(
				() => this.#unpacker.reset(),
				(err: unknown) => {
					const error = this.#transferFailed(err, 'can_reset_communications');
					if (this.#state === 'open') this.#warn({ kind: 'health-failed', error });
				}
			)
			.finally(() => {
				this.#resync = null;
			});
	}

	#heartbeat(): void {
		this.#control.out('send_heartbeat', PandaRequest.SEND_HEARTBEAT).catch((err: unknown) => {
			const error = this.#transferFailed(err, 'send_heartbeat');
			if (this.#state === 'open') this.#warn({ kind: 'heartbeat-failed', error });
		});
	}

	/** health + can_health of the open channel; one poll at a time. */
	#pollHealth(): Promise<void> {
		if (this.#polling) return this.#polling;
		if (this.#state !== 'open') return Promise.resolve();
		this.#polling = (async () => {
			try {
				const health = await this.#control.health();
				const canHealth = await this.#control.canHealth(this.#channel);
				if (this.#state === 'open') this.#onHealth(health, canHealth);
			} catch (err) {
				const error = this.#transferFailed(err, 'health');
				if (this.#state === 'open') this.#warn({ kind: 'health-failed', error });
			} finally {
				this.#polling = null;
			}
		})();
		return this.#polling;
	}

	#onHealth(health: PandaHealth, canHealth: PandaCanHealth): void {
		const previous = this.#health;
		if (health.safetyMode !== this.#pandaMode && health.safetyMode !== this.#mode) {
			this.#warn({
				kind: 'safety-mode-changed',
				expected: this.#mode,
				actual: health.safetyMode,
				heartbeatLost: health.heartbeatLost
			});
		}
		if (previous && health.rxBufferOverflow > previous.rxBufferOverflow) {
			this.#warn({
				kind: 'rx-overflow',
				dropped: health.rxBufferOverflow - previous.rxBufferOverflow
			});
		}
		this.#health = health;
		this.#canHealth = canHealth;
		this.#pandaMode = health.safetyMode;
		this.#reportBusState(canHealth);
	}

	/** Reports the open channel's controller state when it or its error counters change. */
	#reportBusState(h: PandaCanHealth): void {
		const state = busStateOf(h);
		const counters = { rx: h.receiveErrorCount, tx: h.transmitErrorCount };
		const last = this.#lastBusState;
		if (
			last.state === state &&
			last.counters.rx === counters.rx &&
			last.counters.tx === counters.tx
		) {
			return;
		}
		this.#lastBusState = { state, counters };
		deliverSafely(() => this.#sink?.busState?.(state, counters), this.#warn);
	}

	/** A transfer failed: an unplug takes the adapter down as well. */
	#transferFailed(err: unknown, what: string): AdapterError {
		const error = usbTransferError(err, what, NAMES);
		if (isUsbGone(err)) this.#fail(error);
		return error;
	}

	/** The device died underneath us: report once, fail every sender, release what we can. */
	#fail(err: AdapterError): void {
		if (this.#state !== 'open') return;
		this.#state = 'closed';
		this.#failure = err;
		this.#stopTimers();
		this.#tx.failAll(err);
		for (const queued of this.#queue.splice(0)) queued.fail(err);
		void this.#releaseQuietly(!(err instanceof AdapterDisconnectedError));
		this.#sink?.closed(err);
	}

	#stopTimers(): void {
		if (this.#heartbeatTimer !== null) clearInterval(this.#heartbeatTimer);
		if (this.#healthTimer !== null) clearInterval(this.#healthTimer);
		this.#heartbeatTimer = null;
		this.#healthTimer = null;
	}

	/** Back to SILENT (python's close leaves the mode; a listening panda is the safe one to leave behind). */
	async #releaseQuietly(silence: boolean): Promise<void> {
		if (silence) {
			await this.#control
				.out('set_safety_mode', PandaRequest.SET_SAFETY_MODE, PandaSafetyMode.silent, 0)
				.catch(() => {});
		}
		await this.#device.releaseInterface(0).catch(() => {});
		await this.#device.close().catch(() => {});
	}
}

function positiveInteger(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 1) {
		throw new TypeError(`${name} must be a positive integer, got ${value}`);
	}
	return value;
}

function toAdapterError(err: unknown, what: string): AdapterError {
	return toUsbAdapterError(err, what, NAMES);
}
