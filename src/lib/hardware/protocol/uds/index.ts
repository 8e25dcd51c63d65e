export { UdsClient, type SeedToKey, type UdsClientOptions } from './client';
export type { DownloadOptions, DownloadResult } from './download';
export { UdsLinkTimeoutError, type UdsLink } from './link';
export {
	NegativeResponseError,
	UdsConfigError,
	UdsError,
	UdsProtocolError,
	UdsTimeoutError
} from './errors';
export { NRC_NAMES, Nrc, nrcName, type NrcCode, type NrcName } from './nrc';
export { Sid } from './sid';
export {
	DtcStatusBit,
	decodeDtcStatus,
	encodeDtcStatus,
	formatDtc,
	type DtcRecord,
	type DtcStatus
} from './dtc';
export type { IdLengths } from './did-lengths';
export type { MemoryLocation } from './memory-location';
export {
	createTranscriptLink,
	TranscriptMismatchError,
	type TranscriptLink
} from './transcript-link';
export { DiagnosticSession } from './services/diagnostic-session-control';
export { ResetType } from './services/ecu-reset';
export { DtcReportType } from './services/read-dtc-information';
export { Did } from './services/read-data-by-identifier';
export { IoControlParameter } from './services/input-output-control-by-identifier';
export { RoutineControlType, RoutineId } from './services/routine-control';
