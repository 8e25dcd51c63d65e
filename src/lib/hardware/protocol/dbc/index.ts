export { parseDbc } from './parse';
export { compileDbc } from './compile';
export { decodeFrame, type DecodeFrameOptions } from './decode';
export { encodeMessage, type EncodeOptions } from './encode';
export { DbcParseError, DbcEncodeError, DbcFrameLengthError } from './errors';
export type { CompiledDbc, CompiledMessage, SignalInfo } from './compiled-types';
export type * from './types';
