export { crc32 } from './crc32';
export {
	ENVELOPE_OVERHEAD,
	MAX_ENVELOPE_PAYLOAD,
	EnvelopeDecoder,
	encodeEnvelope,
	type EnvelopeDecoderOptions,
	type EnvelopeEvent
} from './envelope';
export { EnvelopeCrcError, EnvelopeLengthError, TS_ADAPTER } from './errors';
export * from './return-codes';
export * from './speeduino-commands';
export { formatCommand, type CommandArguments } from './command-template';
export {
	compileOutputChannels,
	decodeOutputChannels,
	type OutputChannelLayout,
	type OutputSample
} from './output-channels';
export { expectedSampleRate, type SampleRateEstimate, type SampleRateInputs } from './sample-rate';
export { TsLink, type TsLinkOptions } from './link';
