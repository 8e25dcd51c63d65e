import { MalformedTransferError } from '../errors';
import { dlcToLength, lengthToDlc, type CanFrame } from './can-frame';
import { toDataView, type ByteSource } from './gs-usb-requests';

/** echo_id of a frame the device received from the bus (gs_usb.c: `hf->echo_id == -1`). */
export const GS_HOST_FRAME_ECHO_ID_RX = 0xffffffff;

/** SocketCAN can_id flag bits, which gs_usb carries unchanged (linux/can.h). */
export const CanIdFlag = { EFF: 0x80000000, RTR: 0x40000000, ERR: 0x20000000 } as const;
export const CAN_EFF_MASK = 0x1fffffff;
export const CAN_SFF_MASK = 0x7ff;

/** gs_host_frame.flags. */
export const GsFrameFlag = { OVERFLOW: 1 << 0, FD: 1 << 1, BRS: 1 << 2, ESI: 1 << 3 } as const;

/** echo_id, can_id, can_dlc, channel, flags, reserved. */
export const GS_HOST_FRAME_HEADER_SIZE = 12;

/** 20 B classic, 24 B classic + timestamp, 76 B FD, 80 B FD + timestamp (gs_usb.c struct_size()). */
export function hostFrameSize(shape: { fd: boolean; timestamp: boolean }): number {
	return GS_HOST_FRAME_HEADER_SIZE + (shape.fd ? 64 : 8) + (shape.timestamp ? 4 : 0);
}

/**
 * Bytes per bulk OUT transfer (gs_can_open() hf_size_tx): fixed for the whole session, so in CAN FD
 * mode classic frames travel at FD size too; the LPC546xx USB erratum needs one spare byte.
 */
export function hostFrameTxSize(shape: { fd: boolean; quirkLpc546xx?: boolean }): number {
	return hostFrameSize({ fd: shape.fd, timestamp: false }) + (shape.quirkLpc546xx ? 1 : 0);
}

/**
 * A CanFrame plus the CAN FD error state indicator (ISO 11898-1:2015 §10.4.2.4: the transmitter
 * was error passive). CanFrame has no field for it, so gs_usb carries it as this optional property.
 */
export type CanFrameWithEsi = CanFrame & { esi?: boolean };

/** `struct gs_host_frame` with can_id kept raw (flag bits included), data always 8 or 64 bytes. */
export interface GsHostFrame {
	echoId: number;
	canId: number;
	dlc: number;
	channel: number;
	flags: number;
	reserved: number;
	data: Uint8Array;
	/** Present when the frame carried timestamp_us (HW_TIMESTAMP mode). */
	timestampUs?: number;
}

export function encodeHostFrame(hf: GsHostFrame): Uint8Array<ArrayBuffer> {
	const fd = (hf.flags & GsFrameFlag.FD) !== 0;
	const dataSize = fd ? 64 : 8;
	if (hf.data.length > dataSize) {
		throw new RangeError(
			`${hf.data.length} data bytes do not fit a ${fd ? 'FD' : 'classic'} frame`
		);
	}
	const out = new Uint8Array(hostFrameSize({ fd, timestamp: hf.timestampUs !== undefined }));
	const view = new DataView(out.buffer);
	view.setUint32(0, hf.echoId >>> 0, true);
	view.setUint32(4, hf.canId >>> 0, true);
	out[8] = hf.dlc;
	out[9] = hf.channel;
	out[10] = hf.flags;
	out[11] = hf.reserved;
	out.set(hf.data, GS_HOST_FRAME_HEADER_SIZE);
	if (hf.timestampUs !== undefined) {
		view.setUint32(GS_HOST_FRAME_HEADER_SIZE + dataSize, hf.timestampUs >>> 0, true);
	}
	return out;
}

/** `hf` as one bulk OUT transfer of exactly `size` bytes (hostFrameTxSize), zero-padded. */
export function encodeTxHostFrame(hf: GsHostFrame, size: number): Uint8Array<ArrayBuffer> {
	const { timestampUs: _unused, ...untimed } = hf;
	const bytes = encodeHostFrame(untimed);
	if (bytes.length === size) return bytes;
	if (bytes.length > size) {
		throw new RangeError(`a ${bytes.length}-byte host frame does not fit a ${size}-byte transfer`);
	}
	const out = new Uint8Array(size);
	out.set(bytes);
	return out;
}

/**
 * Decodes one bulk IN transfer. The frame's FD flag picks the data size; `timestamp` says whether
 * the host enabled HW_TIMESTAMP. Longer transfers are accepted (PAD_PKTS_TO_MAX_PKT_SIZE pads to
 * wMaxPacketSize); shorter ones and DLC codes above 15 throw MalformedTransferError.
 */
export function decodeHostFrame(bytes: ByteSource, options: { timestamp: boolean }): GsHostFrame {
	const view = toDataView(bytes);
	if (view.byteLength < GS_HOST_FRAME_HEADER_SIZE) {
		throw new MalformedTransferError(
			`gs_host_frame: ${view.byteLength} bytes is shorter than the 12-byte header`,
			'gs_usb'
		);
	}
	const flags = view.getUint8(10);
	const fd = (flags & GsFrameFlag.FD) !== 0;
	const need = hostFrameSize({ fd, timestamp: options.timestamp });
	if (view.byteLength < need) {
		throw new MalformedTransferError(
			`gs_host_frame: ${view.byteLength} bytes, need ${need} (${fd ? 'FD' : 'classic'}${options.timestamp ? ' + timestamp' : ''})`,
			'gs_usb'
		);
	}
	const dlc = view.getUint8(8);
	if (dlc > 15) throw new MalformedTransferError(`gs_host_frame: DLC ${dlc} is above 15`, 'gs_usb');
	const dataSize = fd ? 64 : 8;
	const start = view.byteOffset + GS_HOST_FRAME_HEADER_SIZE;
	const hf: GsHostFrame = {
		echoId: view.getUint32(0, true),
		canId: view.getUint32(4, true),
		dlc,
		channel: view.getUint8(9),
		flags,
		reserved: view.getUint8(11),
		data: new Uint8Array(view.buffer, start, dataSize).slice()
	};
	if (options.timestamp)
		hf.timestampUs = view.getUint32(GS_HOST_FRAME_HEADER_SIZE + dataSize, true);
	return hf;
}

/**
 * Payload length of a frame. Classic DLC 9–15 still means 8 bytes (ISO 11898-1:2015 §8.4.2.4),
 * which is what Linux does without CAN_CTRLMODE_CC_LEN8_DLC.
 */
export function hostFrameLength(hf: GsHostFrame): number {
	return hf.flags & GsFrameFlag.FD ? dlcToLength(hf.dlc) : Math.min(hf.dlc, 8);
}

/**
 * A received (or echoed) data/remote frame as a CanFrame; `timestampUs` is supplied by the caller.
 * An FD frame with ESI set gets `esi: true` (gs_usb_receive_bulk_callback → CANFD_ESI).
 */
export function hostFrameToCanFrame(hf: GsHostFrame, timestampUs: number): CanFrameWithEsi {
	const extended = (hf.canId & CanIdFlag.EFF) !== 0;
	const fd = (hf.flags & GsFrameFlag.FD) !== 0;
	const frame: CanFrameWithEsi = {
		id: hf.canId & (extended ? CAN_EFF_MASK : CAN_SFF_MASK),
		extended,
		rtr: !fd && (hf.canId & CanIdFlag.RTR) !== 0,
		fd,
		brs: fd && (hf.flags & GsFrameFlag.BRS) !== 0,
		data: hf.data.slice(0, hostFrameLength(hf)),
		timestampUs,
		channel: hf.channel
	};
	if (fd && hf.flags & GsFrameFlag.ESI) frame.esi = true;
	return frame;
}

/**
 * The host→device frame for `frame`, as gs_can_start_xmit builds it: reserved zero, flags only
 * FD/BRS/ESI (candleLight echoes flags back, so a stray bit would read as OVERFLOW; linux
 * 89d58aebe14a). An FD payload between the DLC lengths (e.g. 10 bytes) is zero-padded to the next
 * one (12), as can_fd_len2dlc() rounds up. Throws RangeError for an identifier or payload the frame
 * type cannot carry.
 */
export function canFrameToHostFrame(
	frame: CanFrameWithEsi,
	echoId: number,
	channel: number
): GsHostFrame {
	const idMax = frame.extended ? CAN_EFF_MASK : CAN_SFF_MASK;
	if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > idMax) {
		throw new RangeError(
			`CAN id 0x${frame.id.toString(16)} exceeds ${frame.extended ? 29 : 11} bits`
		);
	}
	const length = frame.data.length;
	if (frame.fd) {
		if (frame.rtr) throw new RangeError('CAN FD has no remote frames');
		if (length > 64) throw new RangeError(`${length} bytes exceed the CAN FD maximum of 64`);
	} else if (length > 8) {
		throw new RangeError(`${length} bytes exceed the classic CAN maximum of 8`);
	}
	let canId = frame.id;
	if (frame.extended) canId |= CanIdFlag.EFF;
	if (frame.rtr) canId |= CanIdFlag.RTR;
	let flags = 0;
	if (frame.fd) {
		flags |= GsFrameFlag.FD;
		if (frame.brs) flags |= GsFrameFlag.BRS;
		if (frame.esi) flags |= GsFrameFlag.ESI;
	}
	const data = new Uint8Array(frame.fd ? 64 : 8);
	data.set(frame.data);
	return {
		echoId,
		canId: canId >>> 0,
		dlc: frame.fd ? lengthToDlc(length) : length,
		channel,
		flags,
		reserved: 0,
		data
	};
}
