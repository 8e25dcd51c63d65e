export {
	ObdError,
	ObdNegativeResponseError,
	ObdServiceMismatchError,
	ObdPidMismatchError,
	ObdShortPayloadError,
	ObdFormatError
} from './errors';
export * from './services';
export type { PidDefinition, PidField, PidDecoderName } from './pid-types';
export { SERVICE_01_PIDS, pidDefinition, requirePidDefinition } from './pid-table';
export * from './pid-decode';
export * from './pid-status';
export * from './monitor-status';
export * from './supported-pids';
export * from './dtc';
export * from './dtc-descriptions';
export * from './response';
export * from './vin';
