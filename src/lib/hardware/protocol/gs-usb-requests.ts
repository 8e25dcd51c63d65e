import { MalformedTransferError } from '../errors';
import type { BitTimingConst } from './bit-timing';

/**
 * gs_usb vendor control requests (bRequest). bmRequestType is 0x41 for OUT and 0xC1 for IN
 * (vendor, interface). src: torvalds/linux@00246751 drivers/net/can/usb/gs_usb.c `enum gs_usb_breq`;
 * candle-usb/candleLight_fw@64dc8dc include/gs_usb.h (12 and up are candleLight extensions).
 */
export const GsUsbRequest = {
	HOST_FORMAT: 0,
	BITTIMING: 1,
	MODE: 2,
	BERR: 3,
	BT_CONST: 4,
	DEVICE_CONFIG: 5,
	TIMESTAMP: 6,
	IDENTIFY: 7,
	GET_USER_ID: 8,
	/** CANtact Pro firmware ≤ 2 takes DATA_BITTIMING on 8 (gs_usb.c GS_USB_BREQ_QUIRK_CANTACT_PRO_DATA_BITTIMING). */
	QUIRK_CANTACT_PRO_DATA_BITTIMING: 8,
	SET_USER_ID: 9,
	DATA_BITTIMING: 10,
	BT_CONST_EXT: 11,
	SET_TERMINATION: 12,
	GET_TERMINATION: 13,
	GET_STATE: 14,
	SET_FILTER: 15,
	GET_FILTER: 16,
	BUS_OFF_RECOVERY: 32
} as const;
export type GsUsbRequest = (typeof GsUsbRequest)[keyof typeof GsUsbRequest];

/** BT_CONST.feature bits; the same bit numbers enable a feature in MODE.flags (gs_usb.c GS_CAN_FEATURE_*). */
export const GsCanFeature = {
	LISTEN_ONLY: 1 << 0,
	LOOP_BACK: 1 << 1,
	TRIPLE_SAMPLE: 1 << 2,
	ONE_SHOT: 1 << 3,
	HW_TIMESTAMP: 1 << 4,
	IDENTIFY: 1 << 5,
	USER_ID: 1 << 6,
	PAD_PKTS_TO_MAX_PKT_SIZE: 1 << 7,
	FD: 1 << 8,
	REQ_USB_QUIRK_LPC546XX: 1 << 9,
	BT_CONST_EXT: 1 << 10,
	TERMINATION: 1 << 11,
	BERR_REPORTING: 1 << 12,
	GET_STATE: 1 << 13,
	FILTER: 1 << 16,
	TDC: 1 << 17,
	BUS_OFF_RECOVERY: 1 << 18
} as const;

/** gs_device_mode.mode. */
export const GsCanMode = { RESET: 0, START: 1 } as const;

/** gs_device_state.state (candleLight GET_STATE). */
export const GsCanState = {
	ERROR_ACTIVE: 0,
	ERROR_WARNING: 1,
	ERROR_PASSIVE: 2,
	BUS_OFF: 3,
	STOPPED: 4,
	SLEEPING: 5
} as const;

/** gs_host_config.byte_order: the host asks for little-endian (candleLight always is). */
export const GS_HOST_FORMAT_LE = 0x0000beef;

/** Wire sizes of the control payloads (all packed, little-endian). */
export const GsUsbPayloadSize = {
	HOST_CONFIG: 4,
	BITTIMING: 20,
	MODE: 8,
	BT_CONST: 40,
	BT_CONST_EXT: 72,
	DEVICE_CONFIG: 12,
	TIMESTAMP: 4,
	IDENTIFY: 4,
	DEVICE_STATE: 12
} as const;

export interface GsDeviceBitTiming {
	propSeg: number;
	phaseSeg1: number;
	phaseSeg2: number;
	sjw: number;
	brp: number;
}

export interface GsDeviceMode {
	mode: number;
	flags: number;
}

export interface GsDeviceBtConst extends BitTimingConst {
	feature: number;
	fclkCan: number;
}

/** gs_device_bt_const_extended: BT_CONST followed by the CAN FD data-phase limits (dtseg1_min…dbrp_inc). */
export interface GsDeviceBtConstExt extends GsDeviceBtConst {
	data: BitTimingConst;
}

export interface GsDeviceConfig {
	/** Number of CAN channels minus one. */
	icount: number;
	swVersion: number;
	hwVersion: number;
}

export interface GsDeviceState {
	state: number;
	rxErr: number;
	txErr: number;
}

export type ByteSource = DataView | ArrayBufferView | ArrayBuffer;

/** A DataView over any byte source without copying. */
export function toDataView(bytes: ByteSource): DataView {
	if (bytes instanceof DataView) return bytes;
	if (ArrayBuffer.isView(bytes))
		return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return new DataView(bytes);
}

function exact(bytes: ByteSource | undefined, size: number, what: string): DataView {
	if (bytes === undefined) throw new MalformedTransferError(`${what}: no data`, 'gs_usb');
	const view = toDataView(bytes);
	if (view.byteLength !== size) {
		throw new MalformedTransferError(
			`${what}: expected ${size} bytes, got ${view.byteLength}`,
			'gs_usb'
		);
	}
	return view;
}

function u32s(values: readonly number[]): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(values.length * 4);
	const view = new DataView(out.buffer);
	values.forEach((value, i) => {
		if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
			throw new RangeError(`${value} does not fit a u32`);
		}
		view.setUint32(i * 4, value, true);
	});
	return out;
}

function readU32s(view: DataView, count: number): number[] {
	return Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true));
}

export function encodeHostConfig(byteOrder = GS_HOST_FORMAT_LE): Uint8Array<ArrayBuffer> {
	return u32s([byteOrder]);
}

export function decodeHostConfig(bytes: ByteSource | undefined): number {
	return exact(bytes, GsUsbPayloadSize.HOST_CONFIG, 'HOST_FORMAT').getUint32(0, true);
}

export function encodeBitTiming(bt: GsDeviceBitTiming): Uint8Array<ArrayBuffer> {
	return u32s([bt.propSeg, bt.phaseSeg1, bt.phaseSeg2, bt.sjw, bt.brp]);
}

export function decodeBitTiming(bytes: ByteSource | undefined): GsDeviceBitTiming {
	const [propSeg, phaseSeg1, phaseSeg2, sjw, brp] = readU32s(
		exact(bytes, GsUsbPayloadSize.BITTIMING, 'BITTIMING'),
		5
	);
	return { propSeg, phaseSeg1, phaseSeg2, sjw, brp };
}

export function encodeDeviceMode(mode: GsDeviceMode): Uint8Array<ArrayBuffer> {
	return u32s([mode.mode, mode.flags]);
}

export function decodeDeviceMode(bytes: ByteSource | undefined): GsDeviceMode {
	const [mode, flags] = readU32s(exact(bytes, GsUsbPayloadSize.MODE, 'MODE'), 2);
	return { mode, flags };
}

function limitsOf(v: readonly number[]): BitTimingConst {
	return {
		tseg1Min: v[0],
		tseg1Max: v[1],
		tseg2Min: v[2],
		tseg2Max: v[3],
		sjwMax: v[4],
		brpMin: v[5],
		brpMax: v[6],
		brpInc: v[7]
	};
}

function limitValues(c: BitTimingConst): number[] {
	return [c.tseg1Min, c.tseg1Max, c.tseg2Min, c.tseg2Max, c.sjwMax, c.brpMin, c.brpMax, c.brpInc];
}

/** Limits no controller can have (min above max, zero, brp_inc 0): the bit-timing search divides by them. */
function saneLimits(c: BitTimingConst): boolean {
	return (
		c.tseg1Min >= 1 &&
		c.tseg1Min <= c.tseg1Max &&
		c.tseg2Min >= 1 &&
		c.tseg2Min <= c.tseg2Max &&
		c.brpMin >= 1 &&
		c.brpMin <= c.brpMax &&
		c.brpInc >= 1
	);
}

export function encodeBtConst(c: GsDeviceBtConst): Uint8Array<ArrayBuffer> {
	return u32s([c.feature, c.fclkCan, ...limitValues(c)]);
}

/**
 * Decodes a BT_CONST reply and rejects limits no controller can have (zero clock, min above max,
 * brp_inc 0), because the bit-timing search divides by them.
 */
export function decodeBtConst(bytes: ByteSource | undefined): GsDeviceBtConst {
	const v = readU32s(exact(bytes, GsUsbPayloadSize.BT_CONST, 'BT_CONST'), 10);
	const c: GsDeviceBtConst = { feature: v[0], fclkCan: v[1], ...limitsOf(v.slice(2)) };
	if (!(c.fclkCan > 0 && saneLimits(c))) {
		throw new MalformedTransferError(`BT_CONST: impossible limits ${v.join(',')}`, 'gs_usb');
	}
	return c;
}

export function encodeBtConstExt(c: GsDeviceBtConstExt): Uint8Array<ArrayBuffer> {
	return u32s([c.feature, c.fclkCan, ...limitValues(c), ...limitValues(c.data)]);
}

/** BT_CONST_EXT (72 bytes), validated like BT_CONST for both the nominal and the data phase. */
export function decodeBtConstExt(bytes: ByteSource | undefined): GsDeviceBtConstExt {
	const v = readU32s(exact(bytes, GsUsbPayloadSize.BT_CONST_EXT, 'BT_CONST_EXT'), 18);
	const c: GsDeviceBtConstExt = {
		feature: v[0],
		fclkCan: v[1],
		...limitsOf(v.slice(2, 10)),
		data: limitsOf(v.slice(10))
	};
	if (!(c.fclkCan > 0 && saneLimits(c) && saneLimits(c.data))) {
		throw new MalformedTransferError(`BT_CONST_EXT: impossible limits ${v.join(',')}`, 'gs_usb');
	}
	return c;
}

export function encodeDeviceConfig(c: GsDeviceConfig): Uint8Array<ArrayBuffer> {
	if (!Number.isInteger(c.icount) || c.icount < 0 || c.icount > 0xff) {
		throw new RangeError(`icount ${c.icount} does not fit a u8`);
	}
	const out = new Uint8Array(GsUsbPayloadSize.DEVICE_CONFIG);
	out[3] = c.icount;
	out.set(u32s([c.swVersion, c.hwVersion]), 4);
	return out;
}

export function decodeDeviceConfig(bytes: ByteSource | undefined): GsDeviceConfig {
	const view = exact(bytes, GsUsbPayloadSize.DEVICE_CONFIG, 'DEVICE_CONFIG');
	return {
		icount: view.getUint8(3),
		swVersion: view.getUint32(4, true),
		hwVersion: view.getUint32(8, true)
	};
}

export function encodeDeviceState(s: GsDeviceState): Uint8Array<ArrayBuffer> {
	return u32s([s.state, s.rxErr, s.txErr]);
}

export function decodeDeviceState(bytes: ByteSource | undefined): GsDeviceState {
	const [state, rxErr, txErr] = readU32s(
		exact(bytes, GsUsbPayloadSize.DEVICE_STATE, 'GET_STATE'),
		3
	);
	if (state > GsCanState.SLEEPING) {
		throw new MalformedTransferError(`GET_STATE: unknown state ${state}`, 'gs_usb');
	}
	return { state, rxErr, txErr };
}

export function encodeU32(value: number): Uint8Array<ArrayBuffer> {
	return u32s([value]);
}

/** TIMESTAMP reply: the device's free-running 32-bit µs counter. */
export function decodeTimestamp(bytes: ByteSource | undefined): number {
	return exact(bytes, GsUsbPayloadSize.TIMESTAMP, 'TIMESTAMP').getUint32(0, true);
}
