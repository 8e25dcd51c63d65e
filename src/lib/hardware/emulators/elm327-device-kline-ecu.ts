import { canFrame } from '../protocol/can-frame';
import { IsoTpReceiver } from '../protocol/isotp';
import {
	ISO9141_KEY_BYTES,
	KWP_KEY_BYTE_2,
	KWP_OBD_KEY_BYTE_1,
	KwpObdAddress
} from '../protocol/kline';
import type { CanBusSource } from './can-bus-source';

/** Which bus the emulated car's OBD ECU is reachable on from the OBD connector. */
export type CarObdBus = 'can' | 'iso9141' | 'kwp-fast' | 'kwp-slow';

export const CAR_OBD_BUSES: readonly CarObdBus[] = ['can', 'iso9141', 'kwp-fast', 'kwp-slow'];

export function isCarObdBus(value: unknown): value is CarObdBus {
	return (CAR_OBD_BUSES as readonly unknown[]).includes(value);
}

/** The engine ECU's K-line address (SAE J1979: 0x10 is the first engine controller). */
export const KLINE_ECU_ADDRESS = KwpObdAddress.engine;

/**
 * Key bytes the ECU sends after a 5-baud or fast init: ISO 9141-2 ECUs 08 08; ISO 14230-4 ECUs KB1 E9 and
 * KB2 8F (the StartCommunication answer `83 F1 10 C1 E9 8F BD`).
 */
const KWP_KEY_BYTES = [KWP_OBD_KEY_BYTE_1[0], KWP_KEY_BYTE_2] as const;
const KEY_BYTES: Record<Exclude<CarObdBus, 'can'>, readonly [number, number]> = {
	iso9141: ISO9141_KEY_BYTES[0],
	'kwp-slow': KWP_KEY_BYTES,
	'kwp-fast': KWP_KEY_BYTES
};

export interface KLineExchangeIo {
	/** Device clock, µs. */
	now(): number;
	sleep(ms: number): Promise<void>;
	aborted(): boolean;
	pollMs: number;
}

/** ISO 14230-2 P2*max: how long a `7F sid 78` (responsePending) keeps the tester waiting. */
const P2_STAR_US = 5_000_000;
/** Silence after which the ECU is done answering: P2max, 50 ms (ISO 9141-2 §7.3). */
const QUIET_US = 50_000;

const FUNCTIONAL_ID = 0x7df;
const PHYSICAL_ID = 0x7e0;
const RESPONSE_ID = 0x7e8;

/**
 * The emulated car's engine ECU seen from the K-line. The car's diagnostic logic (ObdResponder, UdsResponder)
 * lives on its simulated CAN bus, so a K-line request is handed to it as an ISO-TP single frame on 7DF (or 7E0
 * when addressed to 0x10) and its answers are read back from 7E8, with flow control for multi-frame ones. The
 * adapter side then cuts them into K-line messages. Which inits the ECU answers follows `carBus`.
 */
export class KLineCarEcu {
	readonly carBus: CarObdBus;
	readonly #bus: CanBusSource;

	constructor(options: { bus: CanBusSource; carBus: CarObdBus }) {
		if (!isCarObdBus(options.carBus)) {
			throw new TypeError(
				`carBus must be one of ${CAR_OBD_BUSES.join(', ')}, got ${String(options.carBus)}`
			);
		}
		this.#bus = options.bus;
		this.carBus = options.carBus;
	}

	/** The key bytes the ECU answers a `slow` (5-baud, address 0x33) or `fast` init with, or null for silence. */
	keyBytes(init: 'slow' | 'fast'): readonly [number, number] | null {
		if (this.carBus === 'can') return null;
		const fast = this.carBus === 'kwp-fast';
		return fast === (init === 'fast') ? KEY_BYTES[this.carBus] : null;
	}

	/**
	 * One request's answers as J1979/UDS payloads (SID first), in order; empty when the ECU stays silent, as it
	 * does for functional requests it does not support. 'stopped' when the host interrupted.
	 */
	async exchange(
		io: KLineExchangeIo,
		request: Uint8Array,
		physical: boolean
	): Promise<Uint8Array[] | 'stopped'> {
		if (request.length < 1 || request.length > 7) return [];
		const data = new Uint8Array(8);
		data[0] = request.length;
		data.set(request, 1);
		this.#bus.poll(io.now());
		this.#bus.transmit(
			canFrame({ id: physical ? PHYSICAL_ID : FUNCTIONAL_ID, data, timestampUs: io.now() }),
			io.now()
		);
		const receiver = new IsoTpReceiver();
		const answers: Uint8Array[] = [];
		let deadline = io.now() + QUIET_US;
		while (io.now() < deadline) {
			await io.sleep(io.pollMs);
			if (io.aborted()) return 'stopped';
			for (const f of this.#bus.poll(io.now())) {
				if (f.id !== RESPONSE_ID || f.extended) continue;
				const out = receiver.handleFrame(f.data, io.now());
				if (out.flowControl) {
					const fc = new Uint8Array(8);
					fc.set(out.flowControl);
					this.#bus.transmit(
						canFrame({ id: PHYSICAL_ID, data: fc, timestampUs: io.now() }),
						io.now()
					);
				}
				deadline = io.now() + QUIET_US;
				if (!out.message) continue;
				answers.push(out.message);
				const pending = out.message[0] === 0x7f && out.message[2] === 0x78;
				if (pending) deadline = io.now() + P2_STAR_US;
			}
		}
		return answers;
	}
}
