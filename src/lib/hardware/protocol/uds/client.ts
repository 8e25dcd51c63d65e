import type { IdLengths } from './did-lengths';
import { NegativeResponseError, UdsProtocolError } from './errors';
import { exchange, type ExchangeTiming } from './exchange';
import type { UdsLink } from './link';
import type { MemoryLocation } from './memory-location';
import { parseNegativeResponse } from './response';
import * as clearDtc from './services/clear-diagnostic-information';
import * as sessionControl from './services/diagnostic-session-control';
import * as ecuReset from './services/ecu-reset';
import * as ioControl from './services/input-output-control-by-identifier';
import * as readDid from './services/read-data-by-identifier';
import * as readDtc from './services/read-dtc-information';
import * as readMemory from './services/read-memory-by-address';
import * as requestDownload from './services/request-download';
import * as transferExit from './services/request-transfer-exit';
import * as routineControl from './services/routine-control';
import * as securityAccess from './services/security-access';
import * as testerPresent from './services/tester-present';
import * as transferData from './services/transfer-data';
import * as writeDid from './services/write-data-by-identifier';
import { downloadBlocks, type DownloadOptions, type DownloadResult } from './download';

export interface UdsClientOptions {
	link: UdsLink;
	/** Wait for the first response. udsoncan's default; ISO's 50 ms P2server leaves no room for USB adapters. @default 1000 */
	p2Ms?: number;
	/** Wait after each `7F sid 78` responsePending. @default 5000 */
	p2StarMs?: number;
	/** Adopt P2/P2* from DiagnosticSessionControl responses (plus `networkDelayMs`). @default true */
	useServerTiming?: boolean;
	/** ΔP2 added to server timings for adapter and bus latency (ISO 14229-2 P2client = P2server + ΔP2). @default 100 */
	networkDelayMs?: number;
	/** Cap on one request, all responsePending extensions included, so an ECU stuck on 0x78 cannot hang us. @default 60000 */
	requestTimeoutMs?: number;
	/** How long past `timeoutMs` the client waits for a link that does not time out by itself. @default 1000 */
	linkGraceMs?: number;
	/** Data length per DID, to split multi-DID reads and DTC snapshots. */
	didLengths?: IdLengths;
}

export type SeedToKey = (seed: Uint8Array, level: number) => Uint8Array | Promise<Uint8Array>;

function positiveTiming(name: string, value: number): number {
	if (!Number.isFinite(value) || value <= 0) {
		throw new TypeError(`UdsClient: ${name} must be a positive number of ms, got ${value}`);
	}
	return value;
}

/**
 * A UDS (ISO 14229-1) tester over any {@link UdsLink}. Calls are serialised: a periodic testerPresent queues behind
 * a running download instead of interleaving with it. Each method throws NegativeResponseError on `7F`,
 * UdsTimeoutError on silence and UdsProtocolError on a response that does not fit the request.
 */
export class UdsClient {
	readonly #link: UdsLink;
	readonly #timing: ExchangeTiming;
	readonly #useServerTiming: boolean;
	readonly #networkDelayMs: number;
	readonly #didLengths: IdLengths | undefined;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(options: UdsClientOptions) {
		if (!options || typeof options.link?.request !== 'function') {
			throw new TypeError('UdsClient: options.link must implement UdsLink.request');
		}
		this.#link = options.link;
		this.#timing = {
			p2Ms: positiveTiming('p2Ms', options.p2Ms ?? 1000),
			p2StarMs: positiveTiming('p2StarMs', options.p2StarMs ?? 5000),
			requestTimeoutMs: positiveTiming('requestTimeoutMs', options.requestTimeoutMs ?? 60_000),
			linkGraceMs: positiveTiming('linkGraceMs', options.linkGraceMs ?? 1000)
		};
		this.#useServerTiming = options.useServerTiming ?? true;
		this.#networkDelayMs = options.networkDelayMs ?? 100;
		this.#didLengths = options.didLengths;
	}

	/** Current P2 / P2* in ms, after any adoption from the server. */
	get timing(): { p2Ms: number; p2StarMs: number } {
		return { p2Ms: this.#timing.p2Ms, p2StarMs: this.#timing.p2StarMs };
	}

	/**
	 * Raw round trip for services without a codec here. Resolves with the final response (after responsePending),
	 * or undefined for a suppressed request the ECU did not answer; throws NegativeResponseError on `7F sid nrc`.
	 */
	request(
		payload: Uint8Array,
		options: { suppressPositiveResponse?: boolean } = {}
	): Promise<Uint8Array | undefined> {
		return this.#serial(() => this.#send(payload, options.suppressPositiveResponse ?? false));
	}

	diagnosticSessionControl(
		session: number
	): Promise<sessionControl.DiagnosticSessionControlResponse> {
		return this.#serial(async () => {
			const request = { session };
			const response = sessionControl.decodeResponse(
				await this.#call(sessionControl.encodeRequest(request)),
				request
			);
			if (this.#useServerTiming && response.p2Ms !== undefined && response.p2StarMs !== undefined) {
				this.#timing.p2Ms = response.p2Ms + this.#networkDelayMs;
				this.#timing.p2StarMs = response.p2StarMs + this.#networkDelayMs;
			}
			return response;
		});
	}

	ecuReset(resetType: number): Promise<ecuReset.EcuResetResponse> {
		return this.#roundTrip(ecuReset, { resetType });
	}

	clearDiagnosticInformation(groupOfDtc?: number): Promise<void> {
		return this.#roundTrip(clearDtc, { groupOfDtc });
	}

	readDtcInformation<R extends readDtc.ReadDtcInformationRequest>(
		request: R,
		options: Pick<readDtc.ReadDtcDecodeOptions, 'extendedDataLengths'> = {}
	): Promise<ReturnType<typeof readDtc.decodeResponse<R>>> {
		return this.#serial(async () =>
			readDtc.decodeResponse(await this.#call(readDtc.encodeRequest(request)), request, {
				didLengths: this.#didLengths,
				...options
			})
		);
	}

	readDataByIdentifier(did: number): Promise<Uint8Array>;
	readDataByIdentifier(dids: readonly number[]): Promise<Map<number, Uint8Array>>;
	readDataByIdentifier(
		didOrDids: number | readonly number[]
	): Promise<Uint8Array | Map<number, Uint8Array>> {
		const dids = typeof didOrDids === 'number' ? [didOrDids] : didOrDids;
		return this.#serial(async () => {
			const request = { dids };
			const values = readDid.decodeResponse(
				await this.#call(readDid.encodeRequest(request)),
				request,
				this.#didLengths
			);
			return typeof didOrDids === 'number' ? values.get(didOrDids)! : values;
		});
	}

	readMemoryByAddress(location: MemoryLocation): Promise<Uint8Array> {
		return this.#roundTrip(readMemory, location);
	}

	/**
	 * requestSeed then sendKey with `seedToKey(seed, level)`. Skips sendKey when the ECU reports the level already
	 * unlocked (all-zero seed). A rejected key is NegativeResponseError with nrc 0x35 invalidKey.
	 */
	securityAccess(level: number, seedToKey: SeedToKey): Promise<{ alreadyUnlocked: boolean }> {
		return this.#serial(async () => {
			const seedRequest = securityAccess.encodeRequestSeed({ level });
			const { seed, alreadyUnlocked } = securityAccess.decodeRequestSeedResponse(
				await this.#call(seedRequest),
				{ level }
			);
			if (alreadyUnlocked) return { alreadyUnlocked };
			const key = await seedToKey(seed, level);
			securityAccess.decodeSendKeyResponse(
				await this.#call(securityAccess.encodeSendKey({ level, key })),
				{ level }
			);
			return { alreadyUnlocked };
		});
	}

	writeDataByIdentifier(did: number, data: Uint8Array): Promise<void> {
		return this.#roundTrip(writeDid, { did, data });
	}

	inputOutputControlByIdentifier(
		request: ioControl.InputOutputControlRequest
	): Promise<ioControl.InputOutputControlResponse> {
		return this.#roundTrip(ioControl, request);
	}

	routineControl(
		request: routineControl.RoutineControlRequest
	): Promise<routineControl.RoutineControlResponse | undefined> {
		return this.#serial(async () => {
			const response = await this.#send(
				routineControl.encodeRequest(request),
				request.suppressPositiveResponse ?? false
			);
			return response && routineControl.decodeResponse(response, request);
		});
	}

	requestDownload(
		request: requestDownload.RequestDownloadRequest
	): Promise<requestDownload.RequestDownloadResponse> {
		return this.#roundTrip(requestDownload, request);
	}

	transferData(
		blockSequenceCounter: number,
		data: Uint8Array
	): Promise<transferData.TransferDataResponse> {
		return this.#roundTrip(transferData, { blockSequenceCounter, data });
	}

	transferExit(parameterRecord?: Uint8Array): Promise<Uint8Array> {
		return this.#roundTrip(transferExit, { parameterRecord });
	}

	/**
	 * RequestDownload, TransferData in blocks of the ECU's maxNumberOfBlockLength − 2 with the counter running
	 * 01, 02 … FF, 00, 01 …, then RequestTransferExit. Holds the client for the whole sequence.
	 */
	download(
		address: number,
		data: Uint8Array,
		options: DownloadOptions = {}
	): Promise<DownloadResult> {
		return this.#serial(() =>
			downloadBlocks({ call: (payload) => this.#call(payload) }, address, data, options)
		);
	}

	/** `3E 00`, or `3E 80` with `suppressPositiveResponse`, which does not wait for a reply when the link can send. */
	testerPresent(options: testerPresent.TesterPresentRequest = {}): Promise<void> {
		return this.#serial(async () => {
			const response = await this.#send(
				testerPresent.encodeRequest(options),
				options.suppressPositiveResponse ?? false
			);
			if (response) testerPresent.decodeResponse(response);
		});
	}

	#roundTrip<Q, A>(
		service: {
			encodeRequest(request: Q): Uint8Array;
			decodeResponse(payload: Uint8Array, request: Q): A;
		},
		request: Q
	): Promise<A> {
		return this.#serial(async () =>
			service.decodeResponse(await this.#call(service.encodeRequest(request)), request)
		);
	}

	async #call(payload: Uint8Array): Promise<Uint8Array> {
		const response = await this.#send(payload, false);
		if (!response) throw new UdsProtocolError(payload[0], 'no response', new Uint8Array());
		return response;
	}

	async #send(payload: Uint8Array, suppressed: boolean): Promise<Uint8Array | undefined> {
		const response = await exchange(this.#link, payload, this.#timing, suppressed);
		const negative = response && parseNegativeResponse(response);
		if (negative && negative.sid === payload[0])
			throw new NegativeResponseError(negative.sid, negative.nrc);
		return response;
	}

	#serial<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(task, task);
		this.#queue = run.catch(() => {});
		return run;
	}
}
