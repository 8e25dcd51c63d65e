import { EcuTransmitter, nonNegative } from './ecu-transmitter';
import type { CanFrame } from '../../protocol/can-frame';
import { decodeFrame, PciType, type IsoTpPdu } from '../../protocol/isotp';
import { encodeDtc, encodeDtcList } from '../../protocol/obd2/dtc';
import { encodeMonitorStatus, type MonitorStatus } from '../../protocol/obd2/monitor-status';
import { ObdNrc, ObdService, NEGATIVE_RESPONSE_SID } from '../../protocol/obd2/services';
import { encodeBitmap, isBitmapPid } from '../../protocol/obd2/supported-pids';
import { isVinSyntax, vinCheckDigitValid } from '../../protocol/obd2/vin';
import { ECU_LIVE_PIDS } from './obd-ecu-pids';
import type { CanResponder } from './simulated-vehicle';
import type { VehicleState } from './vehicle-state';

export interface ObdResponderOptions {
	/** 17-character VIN with a valid 49 CFR 565 check digit. @default 'WCTZZZ000RS000042' */
	vin?: string;
	/** Stored (confirmed) DTCs until a service 04 clears them. @default ['P0133', 'P0420'] */
	storedDtcs?: readonly string[];
	/** @default [] */
	pendingDtcs?: readonly string[];
	/** Permanent DTCs; service 04 cannot clear them (SAE J1979 service 0A: only a passing monitor erases them). @default the stored DTCs */
	permanentDtcs?: readonly string[];
	/** Calibration ID, up to 16 ASCII characters. @default 'CARTECHSIM-01' */
	calibrationId?: string;
	/** Time from request to first response frame, µs; OBD allows up to P2 = 50 ms. @default 2000 */
	responseDelayUs?: number;
	/** Minimum spacing of back-to-back frames, µs (an 8-byte frame takes ≈ 230 µs at 500 kbit/s). @default 250 */
	frameGapUs?: number;
}

/** ISO 15765-4 11-bit ids (protocols.md §7.1): functional request id and the first engine ECU's physical ids. */
export const OBD_FUNCTIONAL_ID = 0x7df;
export const OBD_ECU_REQUEST_ID = 0x7e0;
export const OBD_ECU_RESPONSE_ID = 0x7e8;

const FREEZE_FRAME_VALUES = [0x02, 0x03, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x11, 0x42];
const ECU_NAME = 'ECM\0-EngineControl';

/**
 * The simulated car's engine ECU as an OBD-II (SAE J1979 over ISO 15765-4) responder: services 01, 02, 03, 04,
 * 07, 09 and 0A, answering from the model state as ECU 0x7E8. Long answers (the VIN) go out as ISO-TP
 * FF + CFs paced by the tester's flow control.
 */
export class ObdResponder implements CanResponder {
	readonly vin: string;
	#stored: string[];
	readonly #pending: readonly string[];
	readonly #permanent: readonly string[];
	readonly #calibrationId: string;
	readonly #delayUs: number;
	readonly #tx: EcuTransmitter;
	#freezeFrame: Readonly<VehicleState> | undefined;
	#freezeDtc: string | undefined;
	#monitorsComplete = true;

	constructor(options: ObdResponderOptions = {}) {
		const vin = options.vin ?? 'WCTZZZ000RS000042';
		if (!isVinSyntax(vin) || !vinCheckDigitValid(vin)) {
			throw new TypeError(`vin "${vin}" is not a 17-character VIN with a valid check digit`);
		}
		this.vin = vin;
		this.#stored = [...(options.storedDtcs ?? ['P0133', 'P0420'])];
		this.#pending = [...(options.pendingDtcs ?? [])];
		this.#permanent = [...(options.permanentDtcs ?? this.#stored)];
		for (const code of [...this.#stored, ...this.#pending, ...this.#permanent]) encodeDtc(code);
		this.#freezeDtc = this.#stored[0];
		const calibrationId = options.calibrationId ?? 'CARTECHSIM-01';
		if (!/^[\x20-\x7e]{1,16}$/.test(calibrationId)) {
			throw new TypeError(
				`calibrationId must be 1–16 printable ASCII characters, got "${calibrationId}"`
			);
		}
		this.#calibrationId = calibrationId;
		this.#delayUs = nonNegative(options.responseDelayUs ?? 2000, 'responseDelayUs');
		this.#tx = new EcuTransmitter({
			responseId: OBD_ECU_RESPONSE_ID,
			gapUs: options.frameGapUs ?? 250
		});
	}

	get storedDtcs(): readonly string[] {
		return this.#stored;
	}

	receive(frame: CanFrame, nowUs: number, state: Readonly<VehicleState>): CanFrame[] | undefined {
		if (frame.extended || frame.rtr) return undefined;
		const functional = frame.id === OBD_FUNCTIONAL_ID;
		if (!functional && frame.id !== OBD_ECU_REQUEST_ID) return undefined;
		// The DTCs were set before the tester connected; the first state seen stands in for that moment.
		if (this.#freezeDtc && !this.#freezeFrame) this.#freezeFrame = { ...state };
		let pdu: IsoTpPdu;
		try {
			pdu = decodeFrame(frame.data);
		} catch {
			return undefined;
		}
		if (pdu.pci === PciType.FlowControl) {
			// ISO 15765-4 (protocols.md §7.1): flow control always comes on the physical id, even after a functional request.
			if (functional) return undefined;
			return this.#tx.flowControl(frame.data, nowUs);
		}
		// OBD requests are at most 7 bytes; a multi-frame request is not a J1979 request.
		if (pdu.pci !== PciType.SingleFrame) return undefined;
		const reply = this.#answer(pdu.data, functional, state);
		if (!reply) return undefined;
		return this.#tx.send(reply, nowUs + this.#delayUs);
	}

	/**
	 * The response payload, or undefined for silence. ISO 14229-1's rule for functionally addressed requests,
	 * which OBD on CAN follows:
	 * a functionally addressed request gets no NRC 0x11/0x12/0x31, so a tester broadcasting to every ECU hears
	 * only the ECUs that support what it asked.
	 */
	#answer(
		req: Uint8Array,
		functional: boolean,
		state: Readonly<VehicleState>
	): Uint8Array | undefined {
		const sid = req[0];
		const nrc = (code: number) =>
			functional ? undefined : Uint8Array.of(NEGATIVE_RESPONSE_SID, sid, code);
		const args = req.subarray(1);
		switch (sid) {
			case ObdService.currentData: {
				if (args.length < 1 || args.length > 6)
					return nrc(ObdNrc.subFunctionNotSupportedInvalidFormat);
				const body: number[] = [];
				for (const pid of args) {
					const data = this.#currentData(pid, state);
					if (data) body.push(pid, ...data);
				}
				return body.length ? Uint8Array.of(0x41, ...body) : nrc(ObdNrc.requestOutOfRange);
			}
			case ObdService.freezeFrameData: {
				if (args.length < 2 || args.length % 2 !== 0) {
					return nrc(ObdNrc.subFunctionNotSupportedInvalidFormat);
				}
				const body: number[] = [];
				for (let i = 0; i < args.length; i += 2) {
					const data = args[i + 1] === 0 ? this.#freezeFrameData(args[i]) : undefined;
					if (data) body.push(args[i], args[i + 1], ...data);
				}
				return body.length ? Uint8Array.of(0x42, ...body) : nrc(ObdNrc.requestOutOfRange);
			}
			case ObdService.storedDtcs:
				return this.#dtcAnswer(sid, args, this.#stored, nrc);
			case ObdService.pendingDtcs:
				return this.#dtcAnswer(sid, args, this.#pending, nrc);
			case ObdService.permanentDtcs:
				return this.#dtcAnswer(sid, args, this.#permanent, nrc);
			case ObdService.clearDtcs:
				if (args.length) return nrc(ObdNrc.subFunctionNotSupportedInvalidFormat);
				// J1979 service 04: clearing also erases freeze frames and resets the readiness monitors.
				this.#stored = [];
				this.#freezeFrame = undefined;
				this.#freezeDtc = undefined;
				this.#monitorsComplete = false;
				return Uint8Array.of(0x44);
			case ObdService.vehicleInformation: {
				if (args.length !== 1) return nrc(ObdNrc.subFunctionNotSupportedInvalidFormat);
				const data = this.#vehicleInfo(args[0]);
				return data ? Uint8Array.of(0x49, args[0], ...data) : nrc(ObdNrc.requestOutOfRange);
			}
			default:
				// Service ids from 0x10 up are UDS (ISO 14229-1), which the same ECU's diagnostic server answers on
				// these ids (uds-responder.ts); a second, negative answer would reach the tester first.
				return sid >= 0x10 ? undefined : nrc(ObdNrc.serviceNotSupported);
		}
	}

	#dtcAnswer(
		sid: number,
		args: Uint8Array,
		codes: readonly string[],
		nrc: (code: number) => Uint8Array | undefined
	): Uint8Array | undefined {
		if (args.length) return nrc(ObdNrc.subFunctionNotSupportedInvalidFormat);
		return Uint8Array.of(sid + 0x40, ...encodeDtcList(codes));
	}

	#currentData(pid: number, state: Readonly<VehicleState>): Uint8Array | undefined {
		if (isBitmapPid(pid)) return this.#bitmap(pid, SERVICE_01_SUPPORTED);
		if (pid === 0x01) return encodeMonitorStatus(this.#monitorStatus());
		return ECU_LIVE_PIDS[pid]?.(state);
	}

	#freezeFrameData(pid: number): Uint8Array | undefined {
		if (isBitmapPid(pid)) return this.#bitmap(pid, FREEZE_FRAME_SUPPORTED);
		// J1979 service 02: PID 02 = 0000 tells the tester there is no freeze frame stored.
		if (pid === 0x02) return this.#freezeDtc ? encodeDtc(this.#freezeDtc) : Uint8Array.of(0, 0);
		const snapshot = this.#freezeFrame;
		if (!snapshot || !FREEZE_FRAME_SUPPORTED.includes(pid)) return undefined;
		return ECU_LIVE_PIDS[pid]?.(snapshot);
	}

	#vehicleInfo(infoType: number): Uint8Array | undefined {
		switch (infoType) {
			case 0x00:
				return encodeBitmap(0x00, [0x02, 0x04, 0x0a]);
			case 0x02:
				return Uint8Array.of(1, ...ascii(this.vin, 17));
			case 0x04:
				return Uint8Array.of(1, ...ascii(this.#calibrationId, 16));
			case 0x0a:
				return Uint8Array.of(1, ...ascii(ECU_NAME, 20));
		}
		return undefined;
	}

	#bitmap(base: number, supported: readonly number[]): Uint8Array | undefined {
		if (base !== 0 && !supported.includes(base)) return undefined;
		return encodeBitmap(base, supported);
	}

	#monitorStatus(): MonitorStatus {
		const done = this.#monitorsComplete;
		const monitor = (complete: boolean) => ({ available: true, complete });
		return {
			mil: this.#stored.length > 0,
			dtcCount: this.#stored.length,
			ignition: 'spark',
			monitors: {
				misfire: monitor(true),
				fuelSystem: monitor(true),
				components: monitor(true),
				catalyst: monitor(done),
				evaporativeSystem: monitor(done),
				oxygenSensor: monitor(done),
				oxygenSensorHeater: monitor(done)
			}
		};
	}
}

const SERVICE_01_SUPPORTED = withBitmaps([0x01, ...Object.keys(ECU_LIVE_PIDS).map(Number)]);
const FREEZE_FRAME_SUPPORTED = withBitmaps(FREEZE_FRAME_VALUES);

/**
 * Adds the bitmap PIDs 0x20, 0x40, … below the highest PID, so each bitmap's last bit flags the next one
 * exactly when something beyond it is supported (J1979 service 01 PID 00).
 */
function withBitmaps(pids: readonly number[]): number[] {
	const top = Math.max(...pids);
	const bitmaps: number[] = [];
	for (let base = 0x20; base < top; base += 0x20) bitmaps.push(base);
	return [...pids, ...bitmaps].sort((a, b) => a - b);
}

function ascii(text: string, length: number): number[] {
	const bytes = [...text].map((c) => c.charCodeAt(0));
	return [...bytes, ...new Array<number>(Math.max(0, length - bytes.length)).fill(0)].slice(
		0,
		length
	);
}
