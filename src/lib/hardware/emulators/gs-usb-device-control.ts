import type { UsbControlSetup } from '../transport/usb';
import type { CanErrorState } from '../protocol/can-error-frame';
import {
	GsCanFeature,
	GsCanMode,
	GsCanState,
	GsUsbPayloadSize,
	GsUsbRequest,
	encodeBtConst,
	encodeBtConstExt,
	encodeDeviceConfig,
	encodeDeviceState,
	encodeU32,
	toDataView,
	type GsDeviceBitTiming,
	type GsDeviceBtConst,
	type GsDeviceBtConstExt
} from '../protocol/gs-usb-requests';
import type { BitTimingConst } from '../protocol/bit-timing';

/** Per-channel firmware state (candleLight can_data_t + the bits of USBD_GS_CAN_HandleTypeDef we model). */
export interface GsChannelState {
	started: boolean;
	/** MODE.flags of the last START. */
	flags: number;
	bitTiming: GsDeviceBitTiming | null;
	/** DATA_BITTIMING (CONFIG_CANFD builds). */
	dataBitTiming: GsDeviceBitTiming | null;
	state: CanErrorState;
	tec: number;
	rec: number;
	identify: boolean;
}

export interface GsFirmwareState {
	btConst: GsDeviceBtConst;
	/** CONFIG_CANFD builds only; null makes DATA_BITTIMING and BT_CONST_EXT stall. */
	btConstExt: GsDeviceBtConstExt | null;
	channels: GsChannelState[];
	swVersion: number;
	hwVersion: number;
	/** hcan->timestamps_enabled / pad_pkts_to_max_pkt_size: device-wide, set by the last MODE START. */
	timestamps: boolean;
	padPackets: boolean;
	timer(): number;
	/** Called on MODE RESET, where the firmware purges the channel's to-host frames. */
	onReset(channel: number): void;
	/** Called after MODE START (can_enable: the controller is reset, error-active, counters zero). */
	onStart(channel: number): void;
}

/** candleLight's USBD_GS_CAN_HandleTypeDef.ep0_buf is 64 bytes; longer OUT data stalls. */
const EP0_BUF_SIZE = 64;

type Outcome = { status: 'ok'; data?: Uint8Array } | { status: 'stall' };
const STALL: Outcome = { status: 'stall' };

const OUT_SIZES: Partial<Record<number, number>> = {
	[GsUsbRequest.HOST_FORMAT]: GsUsbPayloadSize.HOST_CONFIG,
	[GsUsbRequest.BITTIMING]: GsUsbPayloadSize.BITTIMING,
	[GsUsbRequest.MODE]: GsUsbPayloadSize.MODE,
	[GsUsbRequest.IDENTIFY]: GsUsbPayloadSize.IDENTIFY,
	[GsUsbRequest.DATA_BITTIMING]: GsUsbPayloadSize.BITTIMING
};

const GS_STATE_OF: Record<CanErrorState, number> = {
	active: GsCanState.ERROR_ACTIVE,
	warning: GsCanState.ERROR_WARNING,
	passive: GsCanState.ERROR_PASSIVE,
	'bus-off': GsCanState.BUS_OFF
};

/**
 * USBD_GS_CAN_Config_Request + USBD_GS_CAN_EP0_RxReady (candleLight_fw src/usbd_gs_can.c) for a
 * classic or a CONFIG_CANFD build (no filter, no termination). Class and vendor requests both land
 * here, as in the firmware; a setup whose direction does not match the request stalls, as the USB
 * stack would on a data stage in the wrong direction.
 */
export function handleGsControl(
	dev: GsFirmwareState,
	setup: UsbControlSetup,
	direction: 'in' | 'out',
	wLength: number,
	data: Uint8Array
): Outcome {
	if (setup.requestType === 'standard') return STALL;
	const perDevice =
		setup.request === GsUsbRequest.HOST_FORMAT || setup.request === GsUsbRequest.DEVICE_CONFIG;
	const channel = perDevice ? undefined : dev.channels[setup.value];
	if (!perDevice && !channel) return STALL;
	// `if (!IS_ENABLED(CONFIG_CANFD))`: a classic build fails both FD requests.
	const fdRequest =
		setup.request === GsUsbRequest.DATA_BITTIMING || setup.request === GsUsbRequest.BT_CONST_EXT;
	if (fdRequest && !dev.btConstExt) return STALL;

	if (direction === 'in') return handleIn(dev, setup.request, wLength, channel);

	const size = OUT_SIZES[setup.request];
	if (size === undefined || wLength < size || wLength > EP0_BUF_SIZE) return STALL;
	const view = toDataView(data);
	switch (setup.request) {
		// The firmware returns USBD_FAIL from EP0_RxReady for out-of-range timing, which ST's stack
		// ignores: the host sees a completed status stage and the old timing stays. We do the same.
		case GsUsbRequest.BITTIMING: {
			const bt = readBitTiming(view);
			if (bitTimingOk(dev.btConst, bt)) channel!.bitTiming = bt;
			break;
		}
		case GsUsbRequest.DATA_BITTIMING: {
			const bt = readBitTiming(view);
			if (bitTimingOk(dev.btConstExt!.data, bt)) channel!.dataBitTiming = bt;
			break;
		}
		case GsUsbRequest.MODE: {
			const mode = view.getUint32(0, true);
			const flags = view.getUint32(4, true);
			if (mode === GsCanMode.RESET) {
				channel!.started = false;
				dev.onReset(setup.value);
			} else if (mode === GsCanMode.START) {
				dev.timestamps = (flags & GsCanFeature.HW_TIMESTAMP) !== 0;
				dev.padPackets = (flags & GsCanFeature.PAD_PKTS_TO_MAX_PKT_SIZE) !== 0;
				channel!.flags = flags;
				channel!.started = true;
				channel!.state = 'active';
				channel!.tec = 0;
				channel!.rec = 0;
				dev.onStart(setup.value);
			}
			break;
		}
		case GsUsbRequest.IDENTIFY:
			channel!.identify = view.getUint32(0, true) !== 0;
			break;
	}
	return { status: 'ok' };
}

function handleIn(
	dev: GsFirmwareState,
	request: number,
	wLength: number,
	channel: GsChannelState | undefined
): Outcome {
	let reply: Uint8Array;
	switch (request) {
		case GsUsbRequest.BT_CONST:
			reply = encodeBtConst(dev.btConst);
			break;
		case GsUsbRequest.BT_CONST_EXT:
			reply = encodeBtConstExt(dev.btConstExt!);
			break;
		case GsUsbRequest.DEVICE_CONFIG:
			reply = encodeDeviceConfig({
				icount: dev.channels.length - 1,
				swVersion: dev.swVersion,
				hwVersion: dev.hwVersion
			});
			break;
		case GsUsbRequest.TIMESTAMP:
			reply = encodeU32(dev.timer() >>> 0);
			break;
		case GsUsbRequest.GET_STATE:
			if (!(dev.btConst.feature & GsCanFeature.GET_STATE)) return STALL;
			reply = encodeDeviceState({
				state: channel!.started ? GS_STATE_OF[channel!.state] : GsCanState.STOPPED,
				rxErr: channel!.rec,
				txErr: channel!.tec
			});
			break;
		default:
			return STALL;
	}
	if (wLength < reply.length) return STALL;
	return { status: 'ok', data: reply };
}

function readBitTiming(view: DataView): GsDeviceBitTiming {
	return {
		propSeg: view.getUint32(0, true),
		phaseSeg1: view.getUint32(4, true),
		phaseSeg2: view.getUint32(8, true),
		sjw: view.getUint32(12, true),
		brp: view.getUint32(16, true)
	};
}

/** can_check_bittiming_ok() (candleLight_fw src/can_common.c). */
export function bitTimingOk(c: BitTimingConst, t: GsDeviceBitTiming): boolean {
	const tseg1 = t.propSeg + t.phaseSeg1;
	return !(
		tseg1 < c.tseg1Min ||
		tseg1 > c.tseg1Max ||
		t.phaseSeg2 < c.tseg2Min ||
		t.phaseSeg2 > c.tseg2Max ||
		t.sjw > c.sjwMax ||
		t.brp < c.brpMin ||
		t.brp > c.brpMax
	);
}
