// ISO 15765-2 (ISO-TP) transport: pure codecs and sans-I/O state machines, plus the async IsoTpLink for clients.
export {
	PciType,
	FlowStatus,
	TX_DL_VALUES,
	FF_DL_12BIT_MAX,
	FF_DL_32BIT_MAX,
	singleFrameCapacity,
	firstFrameCapacity,
	consecutiveFrameCapacity,
	type TxDl
} from './pci';
export { decodeStMin, encodeStMin, ST_MIN_RESERVED_US } from './st-min';
export {
	encodeFrame,
	decodeFrame,
	DEFAULT_PADDING,
	type IsoTpPdu,
	type SingleFramePdu,
	type FirstFramePdu,
	type ConsecutiveFramePdu,
	type FlowControlPdu,
	type FrameEncodeOptions,
	type FrameDecodeOptions
} from './frame-codec';
export {
	IsoTpError,
	IsoTpTimeoutError,
	IsoTpSequenceError,
	IsoTpOverflowError,
	IsoTpProtocolError,
	type IsoTpTimer
} from './errors';
export type { IsoTpFramingOptions } from './framing-options';
export { IsoTpSender, type IsoTpSenderOptions, type SenderStep } from './sender';
export { IsoTpReceiver, type IsoTpReceiverOptions, type ReceiverOutput } from './receiver';
export {
	IsoTpLink,
	type CanFramePort,
	type IsoTpLinkOptions,
	type IsoTpReceiveOptions,
	type IsoTpRequestOptions
} from './link';
export { createFramePort } from './frame-port';
