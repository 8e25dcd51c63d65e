import { Nrc } from '../../protocol/uds/nrc';
import { NEGATIVE_RESPONSE_SID, POSITIVE_RESPONSE_OFFSET, Sid } from '../../protocol/uds/sid';
import { ACTIVE_SESSION_DID, LIVE_DIDS, STORED_DIDS, initialStoredDids } from './uds-dids';
import { UDS_SECURITY_LEVEL, UdsSecurity, type UdsSecurityOptions } from './uds-security';
import type { VehicleState } from './vehicle-state';

export interface UdsServerOptions extends UdsSecurityOptions {
	/** @default 'WCTZZZ000RS000042' (the ObdResponder's VIN, so both views of the car agree) */
	vin?: string;
	/** F18C, up to 12 characters. @default 'CTSIM0000042' */
	serialNumber?: string;
	/** F187, up to 11 characters. @default 'CT-ECM-0001' */
	partNumber?: string;
	/** F189, up to 8 characters. @default 'SW01.4.2' */
	softwareVersion?: string;
	/** Stored DTCs with their ISO 14229-1 Annex D status bytes. @default P0133-00 (0x2F) and P0420-00 (0x28) */
	dtcs?: readonly { dtc: number; status: number }[];
	/** S3server: a non-default session without any request for this long falls back to default. @default 5_000_000 µs */
	s3Us?: number;
	/** P2server_max reported by DiagnosticSessionControl, ms. @default 50 */
	p2Ms?: number;
	/** P2*server_max reported by DiagnosticSessionControl, ms (a multiple of 10). @default 5000 */
	p2StarMs?: number;
	/**
	 * Gap between the responsePending answers of the slow routine and its result, µs. Longer than P2server + ΔP2, so
	 * only a tester that switches to P2* after 0x78 (ISO 14229-2 §7.2) waits long enough. @default 300_000
	 */
	pendingIntervalUs?: number;
}

/** A reply: `pending` `7F sid 78` answers spaced by `pendingIntervalUs`, then `payload`. */
export interface UdsReply {
	payload: Uint8Array;
	pending: number;
	pendingIntervalUs: number;
}

/** The slow routine (manufacturer range 0x0200–0xDFFF, ISO 14229-1 Annex F.1): an injector self-test. */
export const SELF_TEST_ROUTINE = 0x0203;

const Session = { default: 0x01, programming: 0x02, extended: 0x03 } as const;
const SUPPRESS = 0x80;
/** Status bits this ECU implements (ISO 14229-1 Annex D.2: DTCStatusAvailabilityMask). */
const STATUS_AVAILABILITY = 0x7f;
/** ISO 14229-1 §7.5: functionally addressed requests never get these NRCs, so one unsupported ECU stays quiet. */
const SILENT_WHEN_FUNCTIONAL: readonly number[] = [
	Nrc.serviceNotSupported,
	Nrc.subFunctionNotSupported,
	Nrc.requestOutOfRange,
	Nrc.subFunctionNotSupportedInActiveSession,
	Nrc.serviceNotSupportedInActiveSession
];

class Refusal {
	constructor(readonly nrc: number) {}
}

/**
 * The application layer of the simulated engine ECU (ISO 14229-1 server): sessions with S3 timeout, one security
 * level, identification and live DIDs, DTCs and a slow routine. Sans-I/O: UdsResponder does the ISO-TP framing.
 */
export class UdsServer {
	readonly #security: UdsSecurity;
	readonly #stored: Map<number, Uint8Array>;
	#dtcs: { dtc: number; status: number }[];
	readonly #s3Us: number;
	readonly #p2Ms: number;
	readonly #p2StarMs: number;
	readonly #pendingIntervalUs: number;
	#session: number = Session.default;
	#lastRequestUs = 0;
	#routineResult: Uint8Array | undefined;

	constructor(options: UdsServerOptions = {}) {
		this.#security = new UdsSecurity(options);
		this.#stored = initialStoredDids(options);
		this.#dtcs = (
			options.dtcs ?? [
				{ dtc: 0x013300, status: 0x2f },
				{ dtc: 0x042000, status: 0x28 }
			]
		).map((d) => ({ ...d }));
		this.#s3Us = positive(options.s3Us ?? 5_000_000, 's3Us');
		this.#p2Ms = positive(options.p2Ms ?? 50, 'p2Ms');
		this.#p2StarMs = positive(options.p2StarMs ?? 5000, 'p2StarMs');
		this.#pendingIntervalUs = positive(options.pendingIntervalUs ?? 300_000, 'pendingIntervalUs');
	}

	/** The active session (ISO 14229-1 diagnosticSessionType), after any S3 fallback up to the last request. */
	get session(): number {
		return this.#session;
	}

	get unlocked(): boolean {
		return this.#security.unlocked;
	}

	/** Handles one request; undefined means silence (suppressed positive response, or a functional NRC). */
	handle(
		request: Uint8Array,
		nowUs: number,
		state: Readonly<VehicleState>,
		functional = false
	): UdsReply | undefined {
		if (request.length === 0) return undefined;
		this.#expireSession(nowUs);
		// ISO 14229-2 §7.5: S3server restarts on every request, not only on TesterPresent.
		this.#lastRequestUs = nowUs;
		const sid = request[0];
		let positive: Uint8Array | undefined;
		let pending = 0;
		try {
			[positive, pending] = this.#dispatch(request, nowUs, state);
		} catch (error) {
			if (!(error instanceof Refusal)) throw error;
			if (functional && SILENT_WHEN_FUNCTIONAL.includes(error.nrc)) return undefined;
			return this.#reply(Uint8Array.of(NEGATIVE_RESPONSE_SID, sid, error.nrc), 0);
		}
		return positive && this.#reply(positive, pending);
	}

	#reply(payload: Uint8Array, pending: number): UdsReply {
		return { payload, pending, pendingIntervalUs: this.#pendingIntervalUs };
	}

	#expireSession(nowUs: number): void {
		if (this.#session !== Session.default && nowUs - this.#lastRequestUs > this.#s3Us) {
			this.#enterSession(Session.default);
		}
	}

	#enterSession(session: number): void {
		this.#session = session;
		this.#security.lock();
		this.#routineResult = undefined;
	}

	/** [positive response or undefined when suppressed, responsePending count]. Throws Refusal for an NRC. */
	#dispatch(
		req: Uint8Array,
		nowUs: number,
		state: Readonly<VehicleState>
	): [Uint8Array | undefined, number] {
		const sid = req[0];
		const ok = (...body: number[]) => Uint8Array.of(sid + POSITIVE_RESPONSE_OFFSET, ...body);
		const sub = req[1] & 0x7f;
		const suppressed = (req[1] & SUPPRESS) !== 0;
		switch (sid) {
			case Sid.diagnosticSessionControl: {
				expectLength(req, 2);
				if (!Object.values(Session).includes(sub as 1)) refuse(Nrc.subFunctionNotSupported);
				this.#enterSession(sub);
				const p2Star = this.#p2StarMs / 10;
				const body = [this.#p2Ms >> 8, this.#p2Ms & 0xff, p2Star >> 8, p2Star & 0xff];
				return [suppressed ? undefined : ok(sub, ...body), 0];
			}
			case Sid.testerPresent:
				expectLength(req, 2);
				if (sub !== 0) refuse(Nrc.subFunctionNotSupported);
				return [suppressed ? undefined : ok(0), 0];
			case Sid.ecuReset:
				expectLength(req, 2);
				if (sub < 0x01 || sub > 0x03) refuse(Nrc.subFunctionNotSupported);
				this.#enterSession(Session.default);
				return [suppressed ? undefined : ok(sub), 0];
			case Sid.readDataByIdentifier:
				return [this.#readDids(req, state), 0];
			case Sid.writeDataByIdentifier:
				return [this.#writeDid(req), 0];
			case Sid.securityAccess:
				return [this.#securityAccess(req, nowUs, suppressed), 0];
			case Sid.readDtcInformation:
				return [this.#readDtcs(req, suppressed), 0];
			case Sid.clearDiagnosticInformation:
				expectLength(req, 4);
				if (((req[1] << 16) | (req[2] << 8) | req[3]) !== 0xffffff) refuse(Nrc.requestOutOfRange);
				this.#dtcs = [];
				return [ok(), 0];
			case Sid.routineControl:
				return this.#routineControl(req, suppressed);
			default:
				refuse(Nrc.serviceNotSupported);
		}
	}

	#readDids(req: Uint8Array, state: Readonly<VehicleState>): Uint8Array {
		if (req.length < 3 || (req.length - 1) % 2 !== 0)
			refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const body: number[] = [];
		for (let at = 1; at < req.length; at += 2) {
			const did = (req[at] << 8) | req[at + 1];
			const data = this.#readDid(did, state);
			if (data) body.push(req[at], req[at + 1], ...data);
		}
		// ISO 14229-1 §11.2: requestOutOfRange only when none of the DIDs is supported.
		if (body.length === 0) refuse(Nrc.requestOutOfRange);
		return Uint8Array.of(0x62, ...body);
	}

	#readDid(did: number, state: Readonly<VehicleState>): Uint8Array | undefined {
		if (did === ACTIVE_SESSION_DID) return Uint8Array.of(this.#session);
		const live = (LIVE_DIDS as Record<number, (s: Readonly<VehicleState>) => Uint8Array>)[did];
		return live ? live(state) : this.#stored.get(did)?.slice();
	}

	#writeDid(req: Uint8Array): Uint8Array {
		// NRC order of ISO 14229-1 §7.5 (session) then the WriteDataByIdentifier flow: length, DID, security, length.
		if (this.#session === Session.default) refuse(Nrc.serviceNotSupportedInActiveSession);
		if (req.length < 4) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const did = (req[1] << 8) | req[2];
		const spec = Object.values(STORED_DIDS).find((s) => s.did === did);
		if (!spec?.writable) refuse(Nrc.requestOutOfRange);
		if (!this.#security.unlocked) refuse(Nrc.securityAccessDenied);
		if (req.length - 3 !== spec.length) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		this.#stored.set(did, req.slice(3));
		return Uint8Array.of(0x6e, req[1], req[2]);
	}

	#securityAccess(req: Uint8Array, nowUs: number, suppressed: boolean): Uint8Array | undefined {
		if (this.#session === Session.default) refuse(Nrc.serviceNotSupportedInActiveSession);
		if (req.length < 2) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const sub = req[1] & 0x7f;
		if (sub !== UDS_SECURITY_LEVEL && sub !== UDS_SECURITY_LEVEL + 1)
			refuse(Nrc.subFunctionNotSupported);
		if (sub === UDS_SECURITY_LEVEL && req.length !== 2)
			refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		if (sub !== UDS_SECURITY_LEVEL && req.length < 3)
			refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const result =
			sub === UDS_SECURITY_LEVEL
				? this.#security.requestSeed(nowUs)
				: this.#security.sendKey(req.subarray(2), nowUs);
		if ('nrc' in result) refuse(result.nrc);
		return suppressed ? undefined : Uint8Array.of(0x67, sub, ...result.ok);
	}

	#readDtcs(req: Uint8Array, suppressed: boolean): Uint8Array | undefined {
		if (req.length < 2) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const sub = req[1] & 0x7f;
		if (sub !== 0x01 && sub !== 0x02) refuse(Nrc.subFunctionNotSupported);
		expectLength(req, 3);
		const matching = this.#dtcs.filter((d) => (d.status & req[2] & STATUS_AVAILABILITY) !== 0);
		if (suppressed) return undefined;
		if (sub === 0x01) {
			// DTCFormatIdentifier 0x01: ISO 14229-1 DTC format.
			return Uint8Array.of(0x59, 0x01, STATUS_AVAILABILITY, 0x01, 0, matching.length);
		}
		const records = matching.flatMap((d) => [
			d.dtc >> 16,
			(d.dtc >> 8) & 0xff,
			d.dtc & 0xff,
			d.status
		]);
		return Uint8Array.of(0x59, 0x02, STATUS_AVAILABILITY, ...records);
	}

	#routineControl(req: Uint8Array, suppressed: boolean): [Uint8Array | undefined, number] {
		if (this.#session !== Session.extended) refuse(Nrc.serviceNotSupportedInActiveSession);
		if (req.length < 4) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
		const type = req[1] & 0x7f;
		if (type < 0x01 || type > 0x03) refuse(Nrc.subFunctionNotSupported);
		if (((req[2] << 8) | req[3]) !== SELF_TEST_ROUTINE) refuse(Nrc.requestOutOfRange);
		const echo = [0x71, type, req[2], req[3]];
		if (type === 0x01) {
			// routineInfo 0x00 then a status record: 0x00 = all four injectors passed.
			this.#routineResult = Uint8Array.of(0x00, 0x00);
			// The self-test takes time, so the ECU answers responsePending twice (ISO 14229-1 §7.5, NRC 0x78).
			return [suppressed ? undefined : Uint8Array.of(...echo, 0x00), 2];
		}
		if (!this.#routineResult) refuse(Nrc.requestSequenceError);
		if (type === 0x02) {
			this.#routineResult = undefined;
			return [suppressed ? undefined : Uint8Array.of(...echo, 0x00), 0];
		}
		return [suppressed ? undefined : Uint8Array.of(...echo, ...this.#routineResult), 0];
	}
}

function refuse(nrc: number): never {
	throw new Refusal(nrc);
}

function expectLength(req: Uint8Array, length: number): void {
	if (req.length !== length) refuse(Nrc.incorrectMessageLengthOrInvalidFormat);
}

function positive(value: number, what: string): number {
	if (!Number.isFinite(value) || value <= 0)
		throw new TypeError(`${what} must be > 0, got ${value}`);
	return value;
}
