import type { UsbControlSetup } from '../transport/usb';
import type { CanFrame } from '../protocol/can-frame';
import {
	CANPACKET_MAX_SIZE,
	CAN_CLEAR_RX_QUEUE,
	PANDA_CAN_COUNT,
	PANDA_CAN_DATA_SPEEDS,
	PANDA_CAN_SPEEDS,
	PANDA_HEARTBEAT_LIMIT_S,
	PandaHwType,
	PandaRequest,
	PandaSafetyMode,
	decodeCanPacket,
	encodeCanPacket,
	encodePandaCanHealth,
	encodePandaHealth,
	isCarSafetyMode,
	packetSize,
	safetyTxAllowed,
	xorBytes,
	type PandaCanHealth,
	type PandaPacketVersions
} from '../protocol/panda';

/** bus_config_t (can_common.h): speeds in kbit/s × 10, as the requests carry them. */
export interface PandaBusConfig {
	canSpeed: number;
	canDataSpeed: number;
	canfdEnabled: boolean;
	brsEnabled: boolean;
	canfdNonIso: boolean;
	canfdAuto: boolean;
}

export interface PandaFirmwareOptions {
	hwType: number;
	/** gitversion, returned by get_version without its NUL. */
	gitVersion: string;
	packetVersions: PandaPacketVersions;
	/** ALLOW_DEBUG build: allOutput is selectable. */
	debugBuild: boolean;
	/** STM32 UID (get_uid 0xC3), 12 bytes. */
	uid: Uint8Array;
	/** Frames the host may leave unread before new ones are dropped (can_rx_q). */
	rxQueueCapacity: number;
	/** Device clock in µs. */
	clock(): number;
	/** A frame left a CAN controller onto bus `bus`. */
	transmit(frame: CanFrame, bus: number): void;
}

/** H7 boards with the OBD-connector multiplexer (python Panda.HAS_OBD). */
const HAS_OBD: readonly number[] = [
	PandaHwType.blackPanda,
	PandaHwType.uno,
	PandaHwType.dos,
	PandaHwType.redPanda,
	PandaHwType.redPandaV2,
	PandaHwType.tres,
	PandaHwType.cuatro
];

/** Modes this emulator has tx hooks for; car modes need the car's own messages and are not modelled. */
const MODELLED_MODES: readonly number[] = [
	PandaSafetyMode.silent,
	PandaSafetyMode.elm327,
	PandaSafetyMode.noOutput
];

/**
 * A provisioning chunk as get_serial (0xD0, wValue 0) returns it: dongle id (16 ASCII), 10 bytes, 2 pad bytes,
 * then the first 4 bytes of SHA-1 over bytes 0–27, which python Panda.get_serial checks. This one is made up:
 * "cartechsim000001", "0123456789", 00 00, sha1(bytes 0–27)[0:4] = b8 61 ce a1.
 */
const PROVISION_CHUNK = Uint8Array.from([
	...'cartechsim000001'.split('').map((c) => c.charCodeAt(0)),
	...'0123456789'.split('').map((c) => c.charCodeAt(0)),
	0x00,
	0x00,
	0xb8,
	0x61,
	0xce,
	0xa1
]);

type Outcome = { status: 'ok'; data?: Uint8Array } | { status: 'stall' };

function emptyCanHealth(): PandaCanHealth {
	return {
		busOff: false,
		busOffCount: 0,
		errorWarning: false,
		errorPassive: false,
		lastError: 'none',
		lastStoredError: 'none',
		lastDataError: 'none',
		lastDataStoredError: 'none',
		receiveErrorCount: 0,
		transmitErrorCount: 0,
		totalErrorCount: 0,
		totalTxLostCount: 0,
		totalRxLostCount: 0,
		totalTxCount: 0,
		totalRxCount: 0,
		totalForwardCount: 0,
		totalTxChecksumErrorCount: 0,
		canSpeedKbps: 0,
		canDataSpeedKbps: 0,
		canfdEnabled: false,
		brsEnabled: false,
		canfdNonIso: false,
		irq0CallRate: 0,
		irq1CallRate: 0,
		irq2CallRate: 0,
		canCoreResetCount: 0
	};
}

/**
 * The parts of the panda application firmware a host can observe over USB: comms_control_handler
 * (main_comms.h), the CANPacket reassembly of can_comms.h, can_send's safety gate and echoes (can_common.h,
 * fdcan.h process_can), set_safety_mode and the 1 Hz heartbeat check (main.c), power saving (power_saving.h).
 */
export class PandaFirmware {
	safetyMode: number = PandaSafetyMode.silent;
	safetyParam = 0;
	heartbeatCounter = 0;
	heartbeatLost = false;
	heartbeatDisabled = false;
	heartbeatEngaged = false;
	powerSave = false;
	/** CAN_MODE_OBD_CAN2: bus 1 is wired to the OBD connector instead of the harness. */
	obdMux = false;
	/** can_silent = ALL_CAN_SILENT: controllers listen without acknowledging. */
	canSilent = true;
	loopback = false;
	ignition = false;
	uptimeS = 0;
	safetyTxBlocked = 0;
	txBufferOverflow = 0;
	rxBufferOverflow = 0;
	/** Fault injection: frames wait in the TX queues, un-echoed, as behind a full controller FIFO. */
	txBlocked = false;
	readonly buses: PandaBusConfig[];
	readonly canHealth: PandaCanHealth[];

	readonly #o: PandaFirmwareOptions;
	readonly #rxQueue: Uint8Array[] = [];
	readonly #txQueues: Uint8Array[][] = [[], [], []];
	/** can_read_buffer: the rest of a packet cut by the previous EP1 packet. */
	#readTail: Uint8Array = new Uint8Array(0);
	/** can_write_buffer: a packet cut by the end of an EP3 packet. */
	readonly #writeBuffer = new Uint8Array(CANPACKET_MAX_SIZE + 2);
	#writePtr = 0;
	#writeTailSize = 0;

	constructor(options: PandaFirmwareOptions) {
		this.#o = options;
		this.buses = Array.from({ length: PANDA_CAN_COUNT }, () => ({
			canSpeed: 5000,
			canDataSpeed: 20000,
			canfdEnabled: false,
			brsEnabled: false,
			canfdNonIso: false,
			canfdAuto: false
		}));
		this.canHealth = Array.from({ length: PANDA_CAN_COUNT }, emptyCanHealth);
		this.setSafetyMode(PandaSafetyMode.silent, 0);
	}

	get hasObd(): boolean {
		return HAS_OBD.includes(this.#o.hwType);
	}

	/** Packets waiting for the host, counting a partly sent one. */
	get rxPending(): number {
		return this.#rxQueue.length + (this.#readTail.length > 0 ? 1 : 0);
	}

	/** Frames waiting in the TX queues (only while txBlocked). */
	get txPending(): number {
		return this.#txQueues.reduce((n, q) => n + q.length, 0);
	}

	/** main_comms.h comms_control_handler. The reply is cut to wLength as usb.h USB_WritePacket does. */
	control(setup: UsbControlSetup, wLength: number): Outcome {
		if (setup.requestType !== 'vendor') return { status: 'stall' };
		const reply = this.#handle(setup.request, setup.value, setup.index);
		return { status: 'ok', data: reply ? reply.subarray(0, wLength) : new Uint8Array(0) };
	}

	#handle(request: number, param1: number, param2: number): Uint8Array | undefined {
		switch (request) {
			case PandaRequest.GET_MICROSECOND_TIMER:
				return u32(this.#o.clock() >>> 0);
			case PandaRequest.CAN_RESET_COMMUNICATIONS:
				this.#readTail = new Uint8Array(0);
				this.#writePtr = 0;
				this.#writeTailSize = 0;
				return undefined;
			case PandaRequest.GET_TYPE:
				return Uint8Array.of(this.#o.hwType);
			case PandaRequest.CAN_HEALTH:
				return param1 < PANDA_CAN_COUNT ? this.#canHealthPacket(param1) : undefined;
			case PandaRequest.GET_UID:
				return this.#o.uid.slice(0, 12);
			case PandaRequest.GET_SERIAL:
				// param1 1 reads the 16-byte serial from OTP; anything else the provisioning chunk.
				return param1 === 1 ? PROVISION_CHUNK.slice(0, 16) : PROVISION_CHUNK.slice();
			case PandaRequest.HEALTH:
				return this.#healthPacket();
			case PandaRequest.GET_VERSION:
				return Uint8Array.from(this.#o.gitVersion, (c) => c.charCodeAt(0) & 0xff);
			case PandaRequest.SET_OBD:
				this.obdMux = this.hasObd && param1 === 1;
				return undefined;
			case PandaRequest.SET_SAFETY_MODE:
				this.setSafetyMode(param1, param2);
				return undefined;
			case PandaRequest.GET_PACKET_VERSIONS: {
				const out = new Uint8Array(8);
				const view = new DataView(out.buffer);
				view.setUint32(0, this.#o.packetVersions.health >>> 0, true);
				view.setUint32(4, this.#o.packetVersions.canPacket >>> 0, true);
				return out;
			}
			case PandaRequest.SET_CAN_SPEED_KBPS:
				// Invalid buses and rates are ignored without a word, as is_speed_valid() makes the firmware do.
				if (param1 < PANDA_CAN_COUNT && (PANDA_CAN_SPEEDS as readonly number[]).includes(param2)) {
					this.buses[param1].canSpeed = param2;
				}
				return undefined;
			case PandaRequest.SET_CAN_DATA_SPEED_KBPS:
				if (
					param1 < PANDA_CAN_COUNT &&
					(PANDA_CAN_DATA_SPEEDS as readonly number[]).includes(param2)
				) {
					const bus = this.buses[param1];
					bus.canDataSpeed = param2;
					bus.canfdEnabled = param2 >= bus.canSpeed;
					bus.brsEnabled = param2 > bus.canSpeed;
				}
				return undefined;
			case PandaRequest.SET_CANFD_NON_ISO:
				if (param1 < PANDA_CAN_COUNT) this.buses[param1].canfdNonIso = param2 !== 0;
				return undefined;
			case PandaRequest.SET_CANFD_AUTO:
				if (param1 < PANDA_CAN_COUNT) this.buses[param1].canfdAuto = param2 > 0;
				return undefined;
			case PandaRequest.SET_CAN_LOOPBACK:
				this.loopback = param1 > 0;
				return undefined;
			case PandaRequest.SET_POWER_SAVE:
				this.powerSave = param1 !== 0;
				return undefined;
			case PandaRequest.CAN_CLEAR:
				if (param1 === CAN_CLEAR_RX_QUEUE) this.#rxQueue.length = 0;
				else if (param1 < PANDA_CAN_COUNT) this.#txQueues[param1].length = 0;
				return undefined;
			case PandaRequest.SEND_HEARTBEAT:
				this.heartbeatCounter = 0;
				this.heartbeatLost = false;
				this.heartbeatDisabled = false;
				this.heartbeatEngaged = param1 === 1;
				return undefined;
			case PandaRequest.SET_HEARTBEAT_DISABLED:
				if (!isCarSafetyMode(this.safetyMode)) this.heartbeatDisabled = true;
				return undefined;
			default:
				// "NO HANDLER": the firmware answers with an empty data stage, never a stall.
				return undefined;
		}
	}

	/**
	 * main.c set_safety_mode. set_safety_hooks fails for a mode the build lacks (allOutput without ALLOW_DEBUG)
	 * and the firmware falls back to SILENT; this emulator also falls back for car modes it does not model.
	 */
	setSafetyMode(mode: number, param: number): void {
		const known =
			MODELLED_MODES.includes(mode) || (mode === PandaSafetyMode.allOutput && this.#o.debugBuild);
		const m = known ? mode : PandaSafetyMode.silent;
		const p = known ? param : 0;
		this.safetyTxBlocked = 0;
		switch (m) {
			case PandaSafetyMode.silent:
				this.obdMux = false;
				this.canSilent = true;
				break;
			case PandaSafetyMode.noOutput:
				this.obdMux = false;
				this.canSilent = false;
				break;
			case PandaSafetyMode.elm327:
				this.heartbeatCounter = 0;
				this.heartbeatLost = false;
				// "If safety_param == 0, bus 1 is multiplexed to the OBD-II port" (elm327.h).
				this.obdMux = this.hasObd && p === 0;
				this.canSilent = false;
				break;
			default:
				this.heartbeatCounter = 0;
				this.heartbeatLost = false;
				this.obdMux = false;
				this.canSilent = false;
		}
		this.safetyMode = m;
		this.safetyParam = p;
	}

	/** main.c tick_handler's 1 Hz part: the heartbeat check. */
	tick(): void {
		this.heartbeatCounter = Math.min(this.heartbeatCounter + 1, 0xffffffff);
		const carMode = isCarSafetyMode(this.safetyMode);
		if (carMode) this.heartbeatDisabled = false;
		const limit = this.ignition
			? PANDA_HEARTBEAT_LIMIT_S.ignitionOn
			: PANDA_HEARTBEAT_LIMIT_S.ignitionOff;
		if (!this.heartbeatDisabled && this.heartbeatCounter >= limit) {
			if (carMode) this.heartbeatLost = true;
			this.heartbeatEngaged = false;
			if (this.safetyMode !== PandaSafetyMode.silent) {
				this.setSafetyMode(PandaSafetyMode.silent, 0);
			}
			this.powerSave = true;
		}
		this.uptimeS++;
	}

	/**
	 * can_rx: a frame the controller of `bus` received. In power saving only bus 0's transceiver stays on
	 * ("Leave main CAN always on for CAN-based ignition detection", power_saving.h; harness not flipped).
	 */
	receive(frame: CanFrame, bus: number): void {
		if (this.powerSave && bus !== 0) return;
		this.canHealth[bus].totalRxCount++;
		this.#pushRx(
			encodeCanPacket({
				bus,
				id: frame.id,
				extended: frame.extended,
				fd: frame.fd,
				data: frame.data
			})
		);
	}

	/** The controller of `bus` changed error state (for can_health). */
	setErrorState(
		bus: number,
		state: { busOff: boolean; errorPassive: boolean; errorWarning: boolean },
		counters: { rx: number; tx: number }
	): void {
		const h = this.canHealth[bus];
		if (state.busOff && !h.busOff) h.busOffCount++;
		Object.assign(h, state);
		h.receiveErrorCount = counters.rx;
		h.transmitErrorCount = counters.tx;
	}

	/**
	 * can_comms.h comms_can_read: up to `maxLen` bytes of the RX stream. Every call but the one that drains the
	 * queue returns exactly `maxLen`, so a packet that does not fit is split and its rest leads the next call.
	 */
	canRead(maxLen: number): Uint8Array {
		const out = new Uint8Array(maxLen);
		let pos = 0;
		if (this.#readTail.length > 0) {
			const n = Math.min(maxLen, this.#readTail.length);
			out.set(this.#readTail.subarray(0, n));
			this.#readTail = this.#readTail.subarray(n);
			pos = n;
		}
		if (this.#readTail.length === 0) {
			while (pos < maxLen && this.#rxQueue.length > 0) {
				const packet = this.#rxQueue.shift()!;
				if (pos + packet.length <= maxLen) {
					out.set(packet, pos);
					pos += packet.length;
				} else {
					const fits = maxLen - pos;
					out.set(packet.subarray(0, fits), pos);
					this.#readTail = packet.subarray(fits);
					pos = maxLen;
				}
			}
		}
		return out.subarray(0, pos);
	}

	/**
	 * can_comms.h comms_can_write for one EP3 packet: packets are cut out by their DLC nibble alone and a cut
	 * one is finished from the next call. The checksum is checked only when the packet reaches a controller.
	 */
	canWrite(data: Uint8Array): void {
		let pos = 0;
		const wb = this.#writeBuffer;
		if (this.#writePtr !== 0) {
			if (this.#writeTailSize <= data.length) {
				wb.set(data.subarray(0, this.#writeTailSize), this.#writePtr);
				const size = this.#writePtr + this.#writeTailSize;
				pos = this.#writeTailSize;
				this.#writePtr = 0;
				this.#writeTailSize = 0;
				this.#send(wb.slice(0, size));
			} else {
				wb.set(data, this.#writePtr);
				this.#writePtr += data.length;
				this.#writeTailSize -= data.length;
				return;
			}
		}
		while (pos < data.length) {
			const size = packetSize(data[pos]);
			if (pos + size <= data.length) {
				this.#send(data.slice(pos, pos + size));
				pos += size;
			} else {
				wb.set(data.subarray(pos));
				this.#writePtr = data.length - pos;
				this.#writeTailSize = size - this.#writePtr;
				pos = data.length;
			}
		}
	}

	/** Sends what waited while txBlocked, in order. */
	releaseTx(): void {
		for (let bus = 0; bus < PANDA_CAN_COUNT; bus++) {
			for (const packet of this.#txQueues[bus].splice(0)) this.#process(packet, bus);
		}
	}

	/** can_common.h can_send: the safety tx hook, then the bus's TX queue, or back to the host as rejected. */
	#send(packet: Uint8Array): void {
		const p = decodeCanPacket(packet);
		const allowed = safetyTxAllowed(this.safetyMode, p) ?? false;
		if (!allowed) {
			this.safetyTxBlocked++;
			this.#pushRx(encodeCanPacket({ ...p, returned: false, rejected: true }));
			return;
		}
		if (p.bus >= PANDA_CAN_COUNT) return;
		if (this.txBlocked) {
			this.#txQueues[p.bus].push(packet);
			return;
		}
		this.#process(packet, p.bus);
	}

	/** fdcan.h process_can: checksum check, into the controller, echo to the host with `returned` set. */
	#process(packet: Uint8Array, bus: number): void {
		const health = this.canHealth[bus];
		if (xorBytes(packet) !== 0) {
			health.totalTxChecksumErrorCount++;
			return;
		}
		health.totalTxCount++;
		const p = decodeCanPacket(packet);
		const now = this.#o.clock();
		this.#o.transmit(
			{
				id: p.id,
				extended: p.extended,
				rtr: false,
				fd: p.fd,
				brs: p.fd && this.buses[bus].brsEnabled,
				data: p.data,
				timestampUs: now,
				channel: bus
			},
			bus
		);
		this.#pushRx(encodeCanPacket({ ...p, bus, returned: true, rejected: false }));
	}

	#pushRx(packet: Uint8Array): void {
		if (this.#rxQueue.length >= this.#o.rxQueueCapacity) {
			this.rxBufferOverflow++;
			return;
		}
		this.#rxQueue.push(packet);
	}

	#healthPacket(): Uint8Array {
		return encodePandaHealth({
			uptimeS: this.uptimeS,
			voltageMv: 12_000,
			currentMa: 150,
			safetyTxBlocked: this.safetyTxBlocked,
			safetyRxInvalid: 0,
			txBufferOverflow: this.txBufferOverflow,
			rxBufferOverflow: this.rxBufferOverflow,
			faults: 0,
			ignitionLine: this.ignition,
			ignitionCan: false,
			controlsAllowed: false,
			powerSaveEnabled: this.powerSave,
			heartbeatLost: this.heartbeatLost,
			safetyRxChecksInvalid: false,
			somResetTriggered: false,
			carHarnessStatus: 0,
			safetyMode: this.safetyMode,
			safetyParam: this.safetyParam,
			faultStatus: 0,
			alternativeExperience: 0,
			interruptLoad: 0,
			fanPower: 0,
			spiErrorCount: 0,
			sbu1VoltageMv: 0,
			sbu2VoltageMv: 0,
			soundOutputLevel: 0,
			temperatureC: 35
		});
	}

	/** main_comms.h 0xC2: the counters plus the bus configuration, speeds back in kbit/s. */
	#canHealthPacket(bus: number): Uint8Array {
		const config = this.buses[bus];
		return encodePandaCanHealth({
			...this.canHealth[bus],
			canSpeedKbps: config.canSpeed / 10,
			canDataSpeedKbps: config.canDataSpeed / 10,
			canfdEnabled: config.canfdEnabled,
			brsEnabled: config.brsEnabled,
			canfdNonIso: config.canfdNonIso
		});
	}
}

function u32(value: number): Uint8Array {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, value, true);
	return out;
}
