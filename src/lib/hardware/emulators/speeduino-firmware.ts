import type { EcuDefinition } from '../../tune/ini';
import { crc32 } from '../protocol/tunerstudio/crc32';
import { encodeEnvelope } from '../protocol/tunerstudio/envelope';
import {
	RC_BURN_OK,
	RC_BUSY,
	RC_CRC_ERROR,
	RC_OK,
	RC_RANGE_ERROR,
	RC_TIMEOUT,
	RC_UNKNOWN_COMMAND
} from '../protocol/tunerstudio/return-codes';
import {
	OUTPUT_CHANNELS_SUBCOMMAND,
	PAGE_COMMAND_HEADER,
	SPEEDUINO_COMMAND as CMD
} from '../protocol/tunerstudio/speeduino-commands';

export interface SpeeduinoFirmwareOptions {
	definition: EcuDefinition;
	signature: string;
	product: string;
	/** EEPROM contents at power-up, per page (index = page number − 1); RAM is loaded from them. */
	eeprom: Uint8Array[];
	/** The realtime block as of now. */
	liveData: () => Uint8Array;
	/** Largest framed payload the serial buffer holds. */
	bufferSize: number;
	/** comms.cpp SERIAL_TIMEOUT. */
	rxTimeoutMs: number;
}

type Rx =
	| { state: 'idle' }
	| { state: 'length'; startMs: number }
	| { state: 'payload'; startMs: number; length: number };

const LEGACY_F = 'F'.charCodeAt(0);
const DTR_GLITCH = 0xf0;

/**
 * The serial side of Speeduino's firmware (speeduino comms.cpp serialReceive / processSerialCommand and
 * comms_legacy.cpp), with no clock or I/O of its own: the device feeds it bytes as they arrive and sends what it
 * returns. Deviations where the firmware would misbehave rather than answer: a length beyond the buffer, a page
 * outside the definition, or a read/write past a page or the realtime block get 0x84 RANGE_ERR here.
 */
export class SpeeduinoFirmware {
	readonly ram: Uint8Array[];
	readonly eeprom: Uint8Array[];
	/** Framed requests answered with 0x85 BUSY before the next one is served (fault injection). */
	busyReplies = 0;
	/** Framed messages whose CRC checked out. */
	framesReceived = 0;
	readonly #o: SpeeduinoFirmwareOptions;
	readonly #encoder = new TextEncoder();
	#rx: number[] = [];
	#state: Rx = { state: 'idle' };
	#legacyAllowed = true;
	#out: Uint8Array[] = [];

	constructor(options: SpeeduinoFirmwareOptions) {
		this.#o = options;
		this.eeprom = options.eeprom.map((p) => p.slice());
		this.ram = this.eeprom.map((p) => p.slice());
	}

	/** comms.cpp: legacy commands work until the first good CRC frame, and again after a power cycle. */
	get legacyAllowed(): boolean {
		return this.#legacyAllowed;
	}

	/** Power cycle: RAM reloads from EEPROM, legacy comms are allowed again, the serial state resets. */
	powerCycle(): void {
		this.eeprom.forEach((page, i) => this.ram[i].set(page));
		this.#legacyAllowed = true;
		this.#rx = [];
		this.#state = { state: 'idle' };
	}

	/** Takes bytes from the UART and runs the receive state machine; returns what to transmit. */
	receive(bytes: Uint8Array, nowMs: number): Uint8Array[] {
		for (const b of bytes) this.#rx.push(b);
		this.#run(nowMs);
		return this.#out.splice(0);
	}

	/** Whether a framed message is part-received (so the RX timeout is running). */
	get receiving(): boolean {
		return this.#state.state !== 'idle';
	}

	/** comms.cpp isRxTimeout(): a message not complete within SERIAL_TIMEOUT is dropped with 0x80 TIMEOUT. */
	checkTimeout(nowMs: number): Uint8Array[] {
		const s = this.#state;
		if (s.state !== 'idle' && nowMs - s.startMs > this.#o.rxTimeoutMs) {
			this.#state = { state: 'idle' };
			this.#rx = [];
			this.#reply(RC_TIMEOUT);
		}
		return this.#out.splice(0);
	}

	#run(nowMs: number): void {
		const rx = this.#rx;
		for (;;) {
			const s = this.#state;
			if (s.state === 'idle') {
				if (rx.length === 0) return;
				const b = rx[0];
				if (b === DTR_GLITCH) {
					rx.shift();
					continue;
				}
				if (b === LEGACY_F || (this.#legacyAllowed && isLegacyCommand(b))) {
					rx.shift();
					this.#legacy(b);
					continue;
				}
				this.#state = { state: 'length', startMs: nowMs };
				continue;
			}
			if (s.state === 'length') {
				if (rx.length < 2) return;
				const length = (rx[0] << 8) | rx[1];
				rx.splice(0, 2);
				if (length === 0 || length > this.#o.bufferSize) {
					this.#flush();
					this.#reply(RC_RANGE_ERROR);
					continue;
				}
				this.#state = { state: 'payload', startMs: s.startMs, length };
				continue;
			}
			if (rx.length < s.length + 4) return;
			const payload = Uint8Array.from(rx.splice(0, s.length));
			const [c0, c1, c2, c3] = rx.splice(0, 4);
			const received = ((c0 << 24) | (c1 << 16) | (c2 << 8) | c3) >>> 0;
			this.#state = { state: 'idle' };
			if (received !== crc32(payload)) {
				this.#reply(RC_CRC_ERROR);
				this.#flush();
				continue;
			}
			this.framesReceived++;
			this.#command(payload);
			this.#legacyAllowed = false;
		}
	}

	#flush(): void {
		this.#rx = [];
		this.#state = { state: 'idle' };
	}

	#legacy(b: number): void {
		// comms_legacy.cpp: 'F' prints "002", 'Q' the signature and 'S' the product string, all bare. The other
		// legacy commands are outside this emulator; their letter is consumed with no answer.
		if (b === LEGACY_F) this.#out.push(this.#encoder.encode('002'));
		else if (b === CMD.signature) this.#out.push(this.#encoder.encode(this.#o.signature));
		else if (b === CMD.version) this.#out.push(this.#encoder.encode(this.#o.product));
	}

	#command(p: Uint8Array): void {
		if (this.busyReplies > 0) {
			this.busyReplies--;
			return this.#reply(RC_BUSY);
		}
		switch (p[0]) {
			case CMD.signature:
				return this.#reply(RC_OK, this.#encoder.encode(this.#o.signature));
			case CMD.version:
				return this.#reply(RC_OK, this.#encoder.encode(this.#o.product));
			case CMD.protocolVersion:
				return this.#reply(RC_OK, this.#encoder.encode('002'));
			case CMD.commsTest:
				return this.#reply(RC_OK, Uint8Array.of(0xff));
			case CMD.capabilities: {
				const bf =
					this.#o.definition.comms.blockingFactor ?? this.#o.bufferSize - PAGE_COMMAND_HEADER;
				const tbf = this.#o.definition.comms.tableBlockingFactor ?? bf;
				return this.#reply(RC_OK, Uint8Array.of(2, bf >> 8, bf & 0xff, tbf >> 8, tbf & 0xff));
			}
			case CMD.outputChannels:
				return this.#outputChannels(p);
			case CMD.pageRead: {
				const range = this.#pageRange(p, PAGE_COMMAND_HEADER);
				if (!range) return this.#reply(RC_RANGE_ERROR);
				return this.#reply(RC_OK, range.page.subarray(range.offset, range.offset + range.length));
			}
			case CMD.pageWrite: {
				const range = this.#pageRange(p, PAGE_COMMAND_HEADER + u16(p, 5));
				if (!range) return this.#reply(RC_RANGE_ERROR);
				range.page.set(p.subarray(PAGE_COMMAND_HEADER), range.offset);
				return this.#reply(RC_OK);
			}
			case CMD.burn:
			case 0x42: {
				// 'b', and 'B' (the comms-compat variant, slower on the real part).
				const i = this.#pageIndex(p, 3);
				if (i === null) return this.#reply(RC_RANGE_ERROR);
				this.eeprom[i].set(this.ram[i]);
				return this.#reply(RC_BURN_OK);
			}
			case CMD.pageCrc: {
				const i = this.#pageIndex(p, 3);
				if (i === null) return this.#reply(RC_RANGE_ERROR);
				const crc = crc32(this.ram[i]);
				return this.#reply(
					RC_OK,
					Uint8Array.of(crc >>> 24, (crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff)
				);
			}
			default:
				return this.#reply(RC_UNKNOWN_COMMAND);
		}
	}

	#outputChannels(p: Uint8Array): void {
		if (p.length !== PAGE_COMMAND_HEADER) return this.#reply(RC_RANGE_ERROR);
		if (p[2] === 0x0f) return this.#reply(RC_OK, this.#encoder.encode(this.#o.signature));
		// comms.cpp answers nothing to any other `r` sub-command; the host times out, as with the real firmware.
		if (p[2] !== OUTPUT_CHANNELS_SUBCOMMAND) return;
		const offset = u16(p, 3);
		const length = u16(p, 5);
		const block = this.#o.liveData();
		if (length === 0 || offset + length > block.length) return this.#reply(RC_RANGE_ERROR);
		this.#reply(RC_OK, block.subarray(offset, offset + length));
	}

	/** Page index for a `cmd canId page` payload of exactly `size` bytes, or null when it is out of range. */
	#pageIndex(p: Uint8Array, size: number): number | null {
		if (p.length !== size) return null;
		const i = p[2] - 1;
		return i >= 0 && i < this.ram.length ? i : null;
	}

	#pageRange(
		p: Uint8Array,
		size: number
	): { page: Uint8Array; offset: number; length: number } | null {
		if (p.length < PAGE_COMMAND_HEADER || p.length !== size) return null;
		const i = p[2] - 1;
		const page = this.ram[i];
		const offset = u16(p, 3);
		const length = u16(p, 5);
		if (!page || length === 0 || offset + length > page.length) return null;
		if (1 + length > this.#o.bufferSize) return null;
		return { page, offset, length };
	}

	#reply(code: number, data?: Uint8Array): void {
		const payload = new Uint8Array(1 + (data?.length ?? 0));
		payload[0] = code;
		if (data) payload.set(data, 1);
		this.#out.push(encodeEnvelope(payload));
	}
}

/** comms.cpp: a first byte of 'A'…'z' or '?' is a legacy command while legacy comms are allowed. */
function isLegacyCommand(b: number): boolean {
	return (b >= 0x41 && b <= 0x7a) || b === 0x3f;
}

function u16(p: Uint8Array, at: number): number {
	return p[at] | (p[at + 1] << 8);
}
