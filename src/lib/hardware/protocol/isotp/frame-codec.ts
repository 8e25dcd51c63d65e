import { FD_DLC_LENGTHS } from '../can-frame';
import { IsoTpProtocolError } from './errors';
import {
	FF_DL_12BIT_MAX,
	FF_DL_32BIT_MAX,
	FlowStatus,
	PciType,
	consecutiveFrameCapacity,
	firstFrameCapacity,
	singleFrameCapacity,
	type TxDl
} from './pci';

export interface SingleFramePdu {
	pci: typeof PciType.SingleFrame;
	data: Uint8Array;
}
export interface FirstFramePdu {
	pci: typeof PciType.FirstFrame;
	/** FF_DL: the length of the whole message. */
	length: number;
	data: Uint8Array;
}
export interface ConsecutiveFramePdu {
	pci: typeof PciType.ConsecutiveFrame;
	/** SN, 0–15. */
	sn: number;
	data: Uint8Array;
}
export interface FlowControlPdu {
	pci: typeof PciType.FlowControl;
	/** FS; decoding rejects the reserved values 3–F. */
	status: FlowStatus;
	/** BS: consecutive frames before the next flow control, 0 = no further flow control. */
	blockSize: number;
	/** Raw STmin byte; `decodeStMin` turns it into microseconds. */
	stMin: number;
}
export type IsoTpPdu = SingleFramePdu | FirstFramePdu | ConsecutiveFramePdu | FlowControlPdu;

export interface FrameEncodeOptions {
	/** Extended/mixed addressing: N_TA or N_AE byte prepended to the frame (ISO 15765-2:2016 §10.3.3–§10.3.4). */
	addressByte?: number;
	/** TX_DL: 8 for classic CAN, 12–64 for CAN FD. @default 8 */
	txDl?: TxDl;
	/** Byte that fills the frame to TX_DL, or null for the shortest frame (§10.4.2.2). @default 0xCC */
	padding?: number | null;
}

export interface FrameDecodeOptions {
	/** The frame starts with an extended/mixed address byte, which the caller has already checked. @default false */
	addressed?: boolean;
}

/** Linux isotp and ISO 15765-2:2016 §10.4.2.2 both recommend 0xCC, which keeps bit stuffing low. */
export const DEFAULT_PADDING = 0xcc;

/** Encodes one PDU as CAN frame data. Throws a RangeError when the PDU cannot fit in TX_DL (a caller bug). */
export function encodeFrame(pdu: IsoTpPdu, options: FrameEncodeOptions = {}): Uint8Array {
	const txDl = options.txDl ?? 8;
	const padding = options.padding === undefined ? DEFAULT_PADDING : options.padding;
	const addr = options.addressByte === undefined ? 0 : 1;
	const head: number[] = addr ? [checkByte(options.addressByte as number, 'address byte')] : [];
	let data: Uint8Array = new Uint8Array(0);
	switch (pdu.pci) {
		case PciType.SingleFrame: {
			data = pdu.data;
			const len = data.length;
			if (len < 1 || len > singleFrameCapacity(txDl, addr)) {
				throw new RangeError(`single frame of ${len} bytes does not fit TX_DL ${txDl}`);
			}
			// §9.6.2.1: the 4-bit SF_DL is kept whenever the payload fits a classic frame, the escape only beyond.
			if (len <= 7 - addr) head.push(len);
			else head.push(0x00, len);
			break;
		}
		case PciType.FirstFrame: {
			data = pdu.data;
			const len = pdu.length;
			if (
				!Number.isInteger(len) ||
				len <= singleFrameCapacity(txDl, addr) ||
				len > FF_DL_32BIT_MAX
			) {
				throw new RangeError(
					`first frame length ${len} is not a segmented length for TX_DL ${txDl}`
				);
			}
			if (data.length !== Math.min(len, firstFrameCapacity(txDl, addr, len))) {
				throw new RangeError(
					`first frame must carry exactly ${firstFrameCapacity(txDl, addr, len)} bytes`
				);
			}
			if (len <= FF_DL_12BIT_MAX) head.push(0x10 | (len >> 8), len & 0xff);
			else head.push(0x10, 0x00, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
			break;
		}
		case PciType.ConsecutiveFrame: {
			data = pdu.data;
			if (data.length < 1 || data.length > consecutiveFrameCapacity(txDl, addr)) {
				throw new RangeError(
					`consecutive frame of ${data.length} bytes does not fit TX_DL ${txDl}`
				);
			}
			head.push(0x20 | (checkByte(pdu.sn, 'SN') & 0x0f));
			break;
		}
		case PciType.FlowControl:
			head.push(
				0x30 | checkByte(pdu.status, 'flow status'),
				checkByte(pdu.blockSize, 'block size'),
				checkByte(pdu.stMin, 'STmin')
			);
			break;
	}
	const used = head.length + data.length;
	const frameLength = padding === null ? fdLength(used) : Math.max(8, fdLength(used));
	const frame = new Uint8Array(frameLength).fill(padding ?? DEFAULT_PADDING);
	frame.set(head, 0);
	frame.set(data, head.length);
	return frame;
}

/**
 * Decodes CAN frame data into a PDU. Throws IsoTpProtocolError for anything ISO 15765-2 tells a receiver to ignore:
 * short frames, reserved PCI types, impossible SF_DL/FF_DL (§9.6.2.2, §9.6.3.2), reserved flow status (§9.6.5.2).
 * Returned `data` views share the frame's buffer.
 */
export function decodeFrame(frame: Uint8Array, options: FrameDecodeOptions = {}): IsoTpPdu {
	const addr = options.addressed ? 1 : 0;
	const canDl = frame.length;
	const bytes = frame.subarray(addr);
	if (bytes.length < 1) throw malformed('frame has no PCI byte', frame);
	const pci = bytes[0] >> 4;
	const low = bytes[0] & 0x0f;
	switch (pci) {
		case PciType.SingleFrame: {
			if (low !== 0) {
				// Classic SF_DL; §9.6.2.2: SF_DL larger than the frame, or than 7 minus the address byte, is invalid.
				if (low > 7 - addr || low > bytes.length - 1)
					throw malformed(`SF_DL ${low} does not fit`, frame);
				return { pci: PciType.SingleFrame, data: bytes.subarray(1, 1 + low) };
			}
			// §9.6.2.1: SF_DL 0 is the escape, valid only in a CAN FD frame longer than 8 bytes.
			if (canDl <= 8 || bytes.length < 2)
				throw malformed('SF_DL 0 in a frame of 8 bytes or fewer', frame);
			const len = bytes[1];
			if (len <= 7 - addr || len > bytes.length - 2)
				throw malformed(`escaped SF_DL ${len} is invalid`, frame);
			return { pci: PciType.SingleFrame, data: bytes.subarray(2, 2 + len) };
		}
		case PciType.FirstFrame: {
			// §9.6.3.1: a first frame always fills the frame, so its CAN_DL is at least 8 and sets RX_DL.
			if (canDl < 8) throw malformed(`first frame of ${canDl} bytes is shorter than 8`, frame);
			const length12 = (low << 8) | bytes[1];
			const length =
				length12 !== 0
					? length12
					: ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0;
			const headerLength = length12 !== 0 ? 2 : 6;
			const minLength = canDl <= 8 ? 8 - addr : canDl - 1 - addr;
			// §9.6.3.2: FF_DL below the smallest segmented length is ignored; the escape is only for lengths over 4095.
			if (length < minLength) throw malformed(`FF_DL ${length} is too short to segment`, frame);
			if (length12 === 0 && length <= FF_DL_12BIT_MAX) {
				throw malformed(`escaped FF_DL ${length} fits 12 bits`, frame);
			}
			const data = bytes.subarray(headerLength);
			return {
				pci: PciType.FirstFrame,
				length,
				data: data.subarray(0, Math.min(length, data.length))
			};
		}
		case PciType.ConsecutiveFrame:
			if (bytes.length < 2) throw malformed('consecutive frame carries no data', frame);
			return { pci: PciType.ConsecutiveFrame, sn: low, data: bytes.subarray(1) };
		case PciType.FlowControl:
			if (bytes.length < 3) throw malformed('flow control frame shorter than 3 bytes', frame);
			if (low > FlowStatus.Overflow) throw malformed(`reserved flow status ${low}`, frame);
			return {
				pci: PciType.FlowControl,
				status: low as FlowStatus,
				blockSize: bytes[1],
				stMin: bytes[2]
			};
		default:
			throw malformed(`reserved PCI type ${pci}`, frame);
	}
}

function malformed(reason: string, frame: Uint8Array): IsoTpProtocolError {
	return new IsoTpProtocolError(`malformed ISO-TP frame: ${reason}`, frame.slice());
}

/** CAN FD frames only come in the DLC lengths, so anything over 8 bytes rounds up to the next one. */
function fdLength(used: number): number {
	const len = FD_DLC_LENGTHS.find((l) => l >= used);
	if (len === undefined) throw new RangeError(`frame of ${used} bytes exceeds 64`);
	return len;
}

function checkByte(value: number, what: string): number {
	if (!Number.isInteger(value) || value < 0 || value > 0xff) {
		throw new RangeError(`${what} ${value} is not a byte`);
	}
	return value;
}
