import { canFrame } from '../protocol/can-frame';
import { IsoTpReceiver } from '../protocol/isotp';
import {
	KWP_NEGATIVE_RESPONSE_SID,
	KWP_POSITIVE_RESPONSE_OFFSET,
	KwpService,
	decodeKwpFrame,
	encodeKwpFrame,
	type KwpFrame
} from '../protocol/kline';
import { ObdService } from '../protocol/obd2/services';
import { isBitmapPid } from '../protocol/obd2/supported-pids';
import {
	OBD_ECU_REQUEST_ID,
	OBD_ECU_RESPONSE_ID,
	OBD_FUNCTIONAL_ID
} from './vehicle/obd-responder';
import type { CanResponder } from './vehicle/simulated-vehicle';
import type { VehicleState } from './vehicle/vehicle-state';

export interface KLineEcuOptions {
	/** The car's OBD server (e.g. its ObdResponder); the K-line ECU asks it over an internal ISO-TP exchange. */
	obd: CanResponder;
	/** The model state the answers are computed from (e.g. `() => vehicle.state`). */
	state: () => Readonly<VehicleState>;
	/** Our K-line address. @default 0x10 (engine, ISO 14230-4) */
	address?: number;
	/** StartCommunication key bytes KB1 KB2. @default [0xEF, 0x8F] */
	keyBytes?: readonly [number, number];
	/** Request end to response start, µs; ISO 14230-4 P2 is 25–50 ms. @default 25000 */
	p2Us?: number;
	/** Silence after which the ECU drops the session (ISO 14230-4 P3max). @default 5000000 */
	p3MaxUs?: number;
}

/** One response the ECU will put on the K-line at `atUs`: header, data and checksum. */
export interface KLineReply {
	atUs: number;
	bytes: Uint8Array;
}

/** One byte at 10400 bit/s: start + 8 data + stop = 10 bits ≈ 962 µs. */
export const KLINE_BYTE_US = Math.round(10_000_000 / 10400);

/**
 * An engine ECU on the K-line speaking ISO 14230-4 (KWP2000 OBD). It wakes on fast init (StartCommunication `81`
 * → `C1 KB1 KB2`), answers OBD services 01 and 09 with the simulated car's values by asking the car's CAN OBD
 * server, keeps the session alive on testerPresent and drops it on StopCommunication or after P3max of silence.
 * Service 09 is re-framed the non-CAN way (SAE J1979): a message count and four data bytes per message, so the VIN
 * takes five messages. Other services get `7F sid 11` when addressed physically and silence when functional.
 */
export class KLineEcu {
	readonly #obd: CanResponder;
	readonly #state: () => Readonly<VehicleState>;
	readonly #address: number;
	readonly #keyBytes: readonly [number, number];
	readonly #p2Us: number;
	readonly #p3MaxUs: number;
	#lastUs = -Infinity;
	#awake = false;

	constructor(options: KLineEcuOptions) {
		if (!options?.obd || typeof options.state !== 'function') {
			throw new TypeError('KLineEcu needs { obd, state }');
		}
		this.#obd = options.obd;
		this.#state = options.state;
		this.#address = options.address ?? 0x10;
		this.#keyBytes = options.keyBytes ?? [0xef, 0x8f];
		this.#p2Us = options.p2Us ?? 25_000;
		this.#p3MaxUs = options.p3MaxUs ?? 5_000_000;
	}

	/** In a communication session (fast init done, not timed out). */
	awake(nowUs: number): boolean {
		return this.#awake && nowUs - this.#lastUs <= this.#p3MaxUs;
	}

	/** The wake-up pattern followed by `request`; the ECU's answer, or undefined when it stays silent. */
	startCommunication(request: Uint8Array, nowUs: number): Uint8Array | undefined {
		const frame = this.#decode(request);
		if (!frame || frame.data[0] !== KwpService.startCommunication || frame.data.length !== 1)
			return undefined;
		this.#awake = true;
		this.#lastUs = nowUs;
		return this.#reply(
			frame,
			Uint8Array.of(KwpService.startCommunication + KWP_POSITIVE_RESPONSE_OFFSET, ...this.#keyBytes)
		);
	}

	/** One request message from the tester; the responses in time order. */
	handle(request: Uint8Array, nowUs: number): KLineReply[] {
		if (!this.awake(nowUs)) return [];
		const frame = this.#decode(request);
		if (!frame) return [];
		this.#lastUs = nowUs;
		const answers = this.#answer(frame, nowUs);
		let at = nowUs + this.#p2Us;
		return answers.map((data) => {
			const bytes = this.#reply(frame, data);
			at += bytes.length * KLINE_BYTE_US;
			const reply = { atUs: at, bytes };
			at += this.#p2Us;
			return reply;
		});
	}

	#answer(frame: KwpFrame, nowUs: number): Uint8Array[] {
		const sid = frame.data[0];
		const functional = frame.addressMode === 'functional';
		switch (sid) {
			case KwpService.stopCommunication:
				this.#awake = false;
				return [Uint8Array.of(sid + KWP_POSITIVE_RESPONSE_OFFSET)];
			case KwpService.testerPresent:
				return [Uint8Array.of(sid + KWP_POSITIVE_RESPONSE_OFFSET)];
			case ObdService.currentData: {
				const answer = this.#askObd(frame.data, nowUs);
				return answer ? [answer] : [];
			}
			case ObdService.vehicleInformation:
				return this.#vehicleInformation(frame.data, nowUs);
			default:
				// ISO 14230-3 serviceNotSupported; a functional request to every ECU gets no NRC.
				return functional ? [] : [Uint8Array.of(KWP_NEGATIVE_RESPONSE_SID, sid, 0x11)];
		}
	}

	/** J1979 non-CAN service 09: `49 it n d d d d` per message, the data left-padded with zeros to whole messages. */
	#vehicleInformation(request: Uint8Array, nowUs: number): Uint8Array[] {
		const infoType = request[1];
		const answer = this.#askObd(request, nowUs);
		if (!answer || answer[0] !== 0x49) return answer ? [answer] : [];
		if (isBitmapPid(infoType)) return [Uint8Array.of(0x49, infoType, 1, ...answer.subarray(2))];
		const data = answer.subarray(3);
		const count = Math.ceil(data.length / 4);
		const padded = new Uint8Array(count * 4);
		padded.set(data, padded.length - data.length);
		return Array.from({ length: count }, (_, i) =>
			Uint8Array.of(0x49, infoType, i + 1, ...padded.subarray(i * 4, i * 4 + 4))
		);
	}

	/**
	 * The car's CAN OBD answer to `request`: a functional single frame to 0x7DF, our flow control to 0x7E0 for a
	 * multi-frame answer, reassembled from 0x7E8. Synchronous, since responders schedule every frame up front.
	 */
	#askObd(request: Uint8Array, nowUs: number): Uint8Array | undefined {
		if (request.length > 7) return undefined;
		const state = this.#state();
		const sf = new Uint8Array(8).fill(0xcc);
		sf[0] = request.length;
		sf.set(request, 1);
		const frames = [
			...(this.#obd.receive(
				canFrame({ id: OBD_FUNCTIONAL_ID, data: sf, timestampUs: nowUs }),
				nowUs,
				state
			) ?? [])
		];
		const receiver = new IsoTpReceiver({});
		for (let i = 0; i < frames.length; i++) {
			const f = frames[i];
			if (f.id !== OBD_ECU_RESPONSE_ID || f.extended) continue;
			const out = receiver.handleFrame(f.data, f.timestampUs);
			if (out.message) return out.message;
			if (out.flowControl) {
				const fc = canFrame({
					id: OBD_ECU_REQUEST_ID,
					data: out.flowControl,
					timestampUs: f.timestampUs
				});
				frames.push(...(this.#obd.receive(fc, f.timestampUs, state) ?? []));
			}
		}
		return undefined;
	}

	#decode(bytes: Uint8Array): KwpFrame | undefined {
		let frame: KwpFrame;
		try {
			frame = decodeKwpFrame(bytes);
		} catch {
			return undefined;
		}
		const functional = frame.addressMode === 'functional' && frame.target === 0x33;
		const physical = frame.addressMode === 'physical' && frame.target === this.#address;
		return functional || physical ? frame : undefined;
	}

	/** ISO 14230-4: responses are physically addressed to the tester that asked. */
	#reply(request: KwpFrame, data: Uint8Array): Uint8Array {
		return encodeKwpFrame({
			addressMode: 'physical',
			target: request.source!,
			source: this.#address,
			data
		});
	}
}
