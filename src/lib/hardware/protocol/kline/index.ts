// K-line codecs (ISO 9141-2, ISO 14230-2 KWP2000): pure, no I/O.
export {
	KLineError,
	KLineFrameError,
	KLineChecksumError,
	KLineKeyBytesError,
	KLineNegativeResponseError
} from './errors';
export { kLineChecksum } from './checksum';
export {
	KwpAddressMode,
	KwpObdAddress,
	KWP_MAX_INLINE_LENGTH,
	KWP_MAX_DATA_LENGTH,
	encodeKwpFrame,
	decodeKwpFrame,
	kwpFrameLength,
	type KwpAddressModeName,
	type KwpFrame,
	type KwpEncodeOptions
} from './kwp-frame';
export {
	Iso9141ObdHeader,
	ISO9141_OBD_MAX_DATA,
	encodeIso9141ObdRequest,
	encodeIso9141ObdResponse,
	decodeIso9141ObdResponse
} from './iso9141-obd';
export {
	FIVE_BAUD_OBD_ADDRESS,
	ISO9141_KEY_BYTES,
	KWP_KEY_BYTE_2,
	KWP_OBD_KEY_BYTE_1,
	hasOddParity,
	invertKeyByte,
	identifyKeyBytes,
	type KLineKeyBytes
} from './key-bytes';
export {
	KwpService,
	KWP_POSITIVE_RESPONSE_OFFSET,
	KWP_NEGATIVE_RESPONSE_SID,
	kwpHeader,
	encodeStartCommunication,
	decodeStartCommunicationResponse,
	type KwpAddressing
} from './kwp-services';
