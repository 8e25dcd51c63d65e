import { AdapterRejectedError, MalformedTransferError } from '../errors';
import type { UsbControlSetup, UsbDeviceLike } from '../transport/usb';
import {
	BitTimingError,
	calcBitTiming,
	type BitTimingConst,
	type BitTimingResult
} from '../protocol/bit-timing';
import { hostFrameSize, hostFrameTxSize } from '../protocol/gs-usb-frame';
import {
	GsCanFeature,
	GsCanMode,
	GsUsbPayloadSize,
	GsUsbRequest,
	decodeBtConst,
	decodeBtConstExt,
	decodeDeviceConfig,
	decodeDeviceState,
	encodeBitTiming,
	encodeDeviceMode,
	encodeHostConfig,
	type GsDeviceBtConst,
	type GsDeviceBtConstExt,
	type GsDeviceConfig,
	type GsDeviceState
} from '../protocol/gs-usb-requests';
import { claimInterfaceOrExplain, openConfigured } from './usb-claim';
import { controlTransferOk } from './usb-control';

const KIND = 'gs_usb';

/**
 * Vendor control transfers as gs_usb.c issues them: vendor, interface, wIndex 0, with a timeout
 * (WebUSB has none; Linux uses 1000 ms in usb_control_msg).
 */
export class GsUsbControl {
	readonly #device: UsbDeviceLike;
	readonly #timeoutMs: number;

	constructor(options: { device: UsbDeviceLike; timeoutMs: number }) {
		this.#device = options.device;
		this.#timeoutMs = options.timeoutMs;
	}

	async out(
		name: string,
		request: number,
		value: number,
		data: Uint8Array<ArrayBuffer>
	): Promise<void> {
		await controlTransferOk(this.#device.controlTransferOut(setup(request, value), data), {
			name,
			timeoutMs: this.#timeoutMs,
			kind: KIND
		});
	}

	async in(name: string, request: number, value: number, length: number): Promise<DataView> {
		const result = await controlTransferOk(
			this.#device.controlTransferIn(setup(request, value), length),
			{ name, timeoutMs: this.#timeoutMs, kind: KIND }
		);
		if (!result.data) throw new MalformedTransferError(`${name}: reply without data`, KIND);
		return result.data;
	}

	/** MODE RESET (gs_cmd_reset): takes the channel off the bus. */
	reset(channel: number): Promise<void> {
		return this.out(
			'MODE',
			GsUsbRequest.MODE,
			channel,
			encodeDeviceMode({ mode: GsCanMode.RESET, flags: 0 })
		);
	}

	/** MODE START with the feature bits to enable (gs_can_open). */
	start(channel: number, flags: number): Promise<void> {
		return this.out(
			'MODE',
			GsUsbRequest.MODE,
			channel,
			encodeDeviceMode({ mode: GsCanMode.START, flags })
		);
	}

	/** GET_STATE (gs_usb_get_state): controller state and error counters. */
	async state(channel: number): Promise<GsDeviceState> {
		return decodeDeviceState(
			await this.in('GET_STATE', GsUsbRequest.GET_STATE, channel, GsUsbPayloadSize.DEVICE_STATE)
		);
	}
}

function setup(request: number, value: number): UsbControlSetup {
	return { requestType: 'vendor', recipient: 'interface', request, value, index: 0 };
}

export interface GsUsbBringUpOptions {
	channel: number;
	bitrate: number;
	samplePoint?: number;
	/** CAN FD data-phase bit rate; set means open in FD mode. */
	dataBitrate?: number;
	dataSamplePoint?: number;
	listenOnly: boolean;
}

export interface GsUsbDeviceInfo {
	config: GsDeviceConfig;
	btConst: GsDeviceBtConst;
	/** Read when the device has FD and BT_CONST_EXT (gs_make_candev), else null. */
	btConstExt: GsDeviceBtConstExt | null;
	bitTiming: BitTimingResult;
	/** The FD data-phase timing sent with DATA_BITTIMING, or null in classic mode. */
	dataBitTiming: BitTimingResult | null;
	/** The channel runs in CAN FD mode (MODE flag FD). */
	fd: boolean;
	/** HW_TIMESTAMP was enabled: IN frames carry timestamp_us. */
	hwTimestamps: boolean;
	/** Bytes to request per bulk IN transfer (gs_usb_probe hf_size_rx). */
	rxSize: number;
	/** Bytes per bulk OUT transfer (gs_can_open hf_size_tx). */
	txSize: number;
	/** MODE START flags, kept for a restart after bus-off. */
	startFlags: number;
}

const CANTACT_PRO = { vendorId: 0x1d50, productId: 0x606f, product: 'CANtact Pro' } as const;

/**
 * CANtact Pro firmware ≤ 2 has the LPC546xx USB erratum without saying so and takes DATA_BITTIMING
 * on request 8; gs_make_candev() spots it by VID/PID, manufacturer and product strings.
 */
function isQuirkyCantactPro(device: UsbDeviceLike, config: GsDeviceConfig): boolean {
	const { manufacturerName } = device as { manufacturerName?: string };
	return (
		device.vendorId === CANTACT_PRO.vendorId &&
		device.productId === CANTACT_PRO.productId &&
		manufacturerName === 'LinkLayer Labs' &&
		device.productName === CANTACT_PRO.product &&
		config.swVersion <= 2
	);
}

function timing(
	what: string,
	fclk: number,
	bitrate: number,
	limits: BitTimingConst,
	samplePoint: number | undefined
): BitTimingResult {
	try {
		return calcBitTiming(fclk, bitrate, limits, samplePoint);
	} catch (err) {
		if (!(err instanceof BitTimingError)) throw err;
		throw new AdapterRejectedError(`${what}${err.message}`, KIND, { cause: err });
	}
}

/**
 * Claims the device and starts one channel: gs_usb_probe (HOST_FORMAT, DEVICE_CONFIG, BT_CONST,
 * BT_CONST_EXT when FD) followed by gs_can_open (MODE RESET, BITTIMING, DATA_BITTIMING when FD,
 * MODE START). protocols.md §3.2.
 */
export async function bringUpGsUsb(
	device: UsbDeviceLike,
	control: GsUsbControl,
	options: GsUsbBringUpOptions
): Promise<GsUsbDeviceInfo> {
	const { channel, listenOnly } = options;
	await openConfigured(device);
	await claimInterfaceOrExplain(device, 0, {
		message:
			'could not claim the gs_usb interface; on Linux the gs_usb kernel driver owns it (unbind it with a udev rule)',
		kind: KIND
	});
	// gs_usb_probe(): per-device requests carry wValue 1 and wIndex = bInterfaceNumber.
	await control.out('HOST_FORMAT', GsUsbRequest.HOST_FORMAT, 1, encodeHostConfig());
	const config = decodeDeviceConfig(
		await control.in('DEVICE_CONFIG', GsUsbRequest.DEVICE_CONFIG, 1, GsUsbPayloadSize.DEVICE_CONFIG)
	);
	if (channel > config.icount) {
		throw new AdapterRejectedError(
			`channel ${channel} requested, the device has ${config.icount + 1}`,
			KIND
		);
	}
	const btConst = decodeBtConst(
		await control.in('BT_CONST', GsUsbRequest.BT_CONST, channel, GsUsbPayloadSize.BT_CONST)
	);
	const hasFd = (btConst.feature & GsCanFeature.FD) !== 0;
	const btConstExt =
		hasFd && btConst.feature & GsCanFeature.BT_CONST_EXT
			? decodeBtConstExt(
					await control.in(
						'BT_CONST_EXT',
						GsUsbRequest.BT_CONST_EXT,
						channel,
						GsUsbPayloadSize.BT_CONST_EXT
					)
				)
			: null;
	if (listenOnly && !(btConst.feature & GsCanFeature.LISTEN_ONLY)) {
		throw new AdapterRejectedError('the device does not support listen-only mode', KIND);
	}
	const fd = options.dataBitrate !== undefined;
	if (fd && !hasFd) {
		throw new AdapterRejectedError(
			`the device does not support CAN FD (BT_CONST feature 0x${btConst.feature.toString(16)} has no FD bit)`,
			KIND
		);
	}
	const bitTiming = timing('', btConst.fclkCan, options.bitrate, btConst, options.samplePoint);
	// Without BT_CONST_EXT Linux uses the nominal limits for the data phase too (gs_make_candev).
	const dataBitTiming = fd
		? timing(
				'CAN FD data phase: ',
				btConst.fclkCan,
				options.dataBitrate!,
				btConstExt?.data ?? btConst,
				options.dataSamplePoint
			)
		: null;
	const quirkyPro = isQuirkyCantactPro(device, config);
	const quirkLpc546xx = quirkyPro || (btConst.feature & GsCanFeature.REQ_USB_QUIRK_LPC546XX) !== 0;
	// gs_can_open() enables HW_TIMESTAMP whenever the device offers it; RX is sized for FD whenever
	// the device can do FD, whatever this session uses (gs_usb_probe hf_size_rx).
	const hwTimestamps = (btConst.feature & GsCanFeature.HW_TIMESTAMP) !== 0;
	const rxSize = hostFrameSize({ fd: hasFd, timestamp: hwTimestamps });
	const txSize = hostFrameTxSize({ fd, quirkLpc546xx });
	await control.reset(channel);
	await control.out('BITTIMING', GsUsbRequest.BITTIMING, channel, encodeBitTiming(bitTiming));
	if (dataBitTiming) {
		const request = quirkyPro
			? GsUsbRequest.QUIRK_CANTACT_PRO_DATA_BITTIMING
			: GsUsbRequest.DATA_BITTIMING;
		await control.out('DATA_BITTIMING', request, channel, encodeBitTiming(dataBitTiming));
	}
	const startFlags =
		(hwTimestamps ? GsCanFeature.HW_TIMESTAMP : 0) |
		(listenOnly ? GsCanFeature.LISTEN_ONLY : 0) |
		(fd ? GsCanFeature.FD : 0);
	await control.start(channel, startFlags);
	return {
		config,
		btConst,
		btConstExt,
		bitTiming,
		dataBitTiming,
		fd,
		hwTimestamps,
		rxSize,
		txSize,
		startFlags
	};
}
