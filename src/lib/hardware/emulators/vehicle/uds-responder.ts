import { EcuTransmitter, nonNegative } from './ecu-transmitter';
import type { CanFrame } from '../../protocol/can-frame';
import { decodeFrame, IsoTpReceiver, PciType, type IsoTpPdu } from '../../protocol/isotp';
import { NEGATIVE_RESPONSE_SID } from '../../protocol/uds/sid';
import { Nrc } from '../../protocol/uds/nrc';
import type { CanResponder } from './simulated-vehicle';
import { UdsServer, type UdsServerOptions } from './uds-server';
import type { VehicleState } from './vehicle-state';

export interface UdsResponderOptions extends UdsServerOptions {
	/** Physical request id. @default 0x7E0 */
	requestId?: number;
	/** Response id. @default 0x7E8 */
	responseId?: number;
	/** Functional request id (ISO 15765-4 §6.3.2). @default 0x7DF */
	functionalId?: number;
	/** Request to first response frame, µs; well inside P2server = 50 ms. @default 2000 */
	responseDelayUs?: number;
	/** Minimum spacing of back-to-back frames, µs (an 8-byte frame takes ≈ 230 µs at 500 kbit/s). @default 250 */
	frameGapUs?: number;
}

/**
 * SAE J1979 service ids (0x01–0x0A). A real engine ECU serves OBD and UDS on the same ids; staying silent on these
 * lets an ObdResponder answer them beside this one.
 */
const OBD_SIDS_MAX = 0x0a;

/**
 * The simulated car's engine ECU as a UDS (ISO 14229-1 over ISO 15765-2) server on 0x7E0 → 0x7E8: UdsServer's
 * services, with multi-frame requests (our flow control goes out on the response id) and multi-frame responses
 * paced by the tester's flow control. Replies are emitted ahead of time with future timestamps, as the bus
 * model requires, so a responsePending series is scheduled all at once.
 */
export class UdsResponder implements CanResponder {
	readonly server: UdsServer;
	readonly #requestId: number;
	readonly #responseId: number;
	readonly #functionalId: number;
	readonly #delayUs: number;
	readonly #gapUs: number;
	readonly #tx: EcuTransmitter;
	readonly #receiver = new IsoTpReceiver({ nCrUs: 1_000_000, maxLength: 4095 });

	constructor(options: UdsResponderOptions = {}) {
		this.server = new UdsServer(options);
		this.#requestId = canId(options.requestId ?? 0x7e0, 'requestId');
		this.#responseId = canId(options.responseId ?? 0x7e8, 'responseId');
		this.#functionalId = canId(options.functionalId ?? 0x7df, 'functionalId');
		this.#delayUs = nonNegative(options.responseDelayUs ?? 2000, 'responseDelayUs');
		this.#gapUs = nonNegative(options.frameGapUs ?? 250, 'frameGapUs');
		this.#tx = new EcuTransmitter({ responseId: this.#responseId, gapUs: this.#gapUs });
	}

	receive(frame: CanFrame, nowUs: number, state: Readonly<VehicleState>): CanFrame[] | undefined {
		if (frame.extended || frame.rtr) return undefined;
		const functional = frame.id === this.#functionalId;
		if (!functional && frame.id !== this.#requestId) return undefined;
		let pdu: IsoTpPdu;
		try {
			pdu = decodeFrame(frame.data);
		} catch {
			return undefined;
		}
		if (functional) {
			// ISO 15765-2 §9.6.1: functional addressing carries single frames only.
			if (pdu.pci !== PciType.SingleFrame) return undefined;
			return this.#answer(pdu.data, nowUs, state, true);
		}
		if (pdu.pci === PciType.FlowControl) {
			return this.#tx.flowControl(frame.data, nowUs);
		}
		const out = this.#receiver.handleFrame(frame.data, nowUs);
		const frames: CanFrame[] = [];
		if (out.flowControl) frames.push(this.#tx.frame(out.flowControl, nowUs + this.#gapUs));
		if (out.message) frames.push(...(this.#answer(out.message, nowUs, state, false) ?? []));
		return frames.length ? frames : undefined;
	}

	#answer(
		request: Uint8Array,
		nowUs: number,
		state: Readonly<VehicleState>,
		functional: boolean
	): CanFrame[] | undefined {
		if (request[0] <= OBD_SIDS_MAX) return undefined;
		const reply = this.server.handle(request, nowUs, state, functional);
		if (!reply) return undefined;
		const frames: CanFrame[] = [];
		let t = this.#tx.nextSlot(nowUs + this.#delayUs);
		for (let i = 0; i < reply.pending; i++) {
			const pending = Uint8Array.of(
				0x03,
				NEGATIVE_RESPONSE_SID,
				request[0],
				Nrc.requestCorrectlyReceivedResponsePending
			);
			frames.push(this.#tx.transmit(pending, t));
			t += reply.pendingIntervalUs;
		}
		frames.push(...this.#tx.send(reply.payload, t));
		return frames;
	}
}

function canId(id: number, what: string): number {
	if (!Number.isInteger(id) || id < 0 || id > 0x7ff) {
		throw new TypeError(`${what} must be an 11-bit CAN id, got ${id}`);
	}
	return id;
}
