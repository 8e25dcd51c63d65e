import { assertInt } from './bytes';
import * as requestDownload from './services/request-download';
import * as transferExit from './services/request-transfer-exit';
import * as transferData from './services/transfer-data';

export interface DownloadOptions {
	/** Bytes of memoryAddress in RequestDownload. @default 4 */
	addressBytes?: number;
	/** Bytes of memorySize in RequestDownload. @default 4 */
	sizeBytes?: number;
	/** compression << 4 | encryption. @default 0x00 */
	dataFormatIdentifier?: number;
	/** Cap on a TransferData request (SID + counter + data) when the link carries less than the ECU accepts,
	 * e.g. 4095 for classic ISO-TP. */
	maxBlockLength?: number;
	/** transferRequestParameterRecord for RequestTransferExit (OEM-specific, e.g. a CRC). */
	exitParameterRecord?: Uint8Array;
	onProgress?(sentBytes: number, totalBytes: number): void;
}

export interface DownloadResult {
	maxNumberOfBlockLength: number;
	blocks: number;
	/** transferResponseParameterRecord from RequestTransferExit. */
	exitRecord: Uint8Array;
}

/** The client's raw call, so the helper runs inside the client's serial section. */
export interface DownloadChannel {
	call(payload: Uint8Array): Promise<Uint8Array>;
}

/** ISO 14229-1 download sequence: 34, then 36 blocks, then 37 (protocols.md §7.3). */
export async function downloadBlocks(
	channel: DownloadChannel,
	address: number,
	data: Uint8Array,
	options: DownloadOptions
): Promise<DownloadResult> {
	if (data.length === 0) throw new RangeError('nothing to download: data is empty');
	if (options.maxBlockLength !== undefined) {
		assertInt('maxBlockLength', options.maxBlockLength, 3, Number.MAX_SAFE_INTEGER);
	}
	const request: requestDownload.RequestDownloadRequest = {
		address,
		size: data.length,
		addressBytes: options.addressBytes ?? 4,
		sizeBytes: options.sizeBytes ?? 4,
		dataFormatIdentifier: options.dataFormatIdentifier
	};
	const { maxNumberOfBlockLength } = requestDownload.decodeResponse(
		await channel.call(requestDownload.encodeRequest(request))
	);
	const blockData = Math.min(maxNumberOfBlockLength, options.maxBlockLength ?? Infinity) - 2;
	let counter = transferData.FIRST_BLOCK_SEQUENCE_COUNTER;
	let blocks = 0;
	for (let at = 0; at < data.length; at += blockData) {
		const block = { blockSequenceCounter: counter, data: data.subarray(at, at + blockData) };
		transferData.decodeResponse(await channel.call(transferData.encodeRequest(block)), block);
		blocks++;
		counter = transferData.nextBlockSequenceCounter(counter);
		options.onProgress?.(Math.min(at + blockData, data.length), data.length);
	}
	const exitRecord = transferExit.decodeResponse(
		await channel.call(transferExit.encodeRequest({ parameterRecord: options.exitParameterRecord }))
	);
	return { maxNumberOfBlockLength, blocks, exitRecord };
}
