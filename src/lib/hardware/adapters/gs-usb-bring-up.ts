import { AdapterRejectedError, AdapterTimeoutError, MalformedTransferError } from '../errors';
import type { UsbControlSetup, UsbDeviceLike } from '../transport/usb';
import { BitTimingError, calcBitTiming, type BitTimingResult } from '../protocol/bit-timing';
import { hostFrameSize } from '../protocol/gs-usb-frame';
import {
	GsCanFeature,
	GsCanMode,
	GsUsbPayloadSize,
	GsUsbRequest,
	decodeBtConst,
	decodeDeviceConfig,
	encodeBitTiming,
	encodeDeviceMode,
	encodeHostConfig,
	type GsDeviceBtConst,
	type GsDeviceConfig
} from '../protocol/gs-usb-requests';

const KIND = 'gs_usb';

/** Vendor control transfers as gs_usb.c issues them: vendor, interface, wIndex 0, with a timeout. */
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
		const result = await this.#withTimeout(
			name,
			this.#device.controlTransferOut(setup(request, value), data)
		);
		if (result.status !== 'ok') {
			throw new AdapterRejectedError(`${name} request ended with ${result.status}`, KIND);
		}
	}

	async in(name: string, request: number, value: number, length: number): Promise<DataView> {
		const result = await this.#withTimeout(
			name,
			this.#device.controlTransferIn(setup(request, value), length)
		);
		if (result.status !== 'ok') {
			throw new AdapterRejectedError(`${name} request ended with ${result.status}`, KIND);
		}
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

	/** WebUSB has no control-transfer timeout; Linux uses 1000 ms (usb_control_msg). */
	#withTimeout<T>(name: string, promise: Promise<T>): Promise<T> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() =>
					reject(
						new AdapterTimeoutError(`${name} request got no answer in ${this.#timeoutMs} ms`, KIND)
					),
				this.#timeoutMs
			);
		});
		return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
	}
}

function setup(request: number, value: number): UsbControlSetup {
	return { requestType: 'vendor', recipient: 'interface', request, value, index: 0 };
}

export interface GsUsbBringUpOptions {
	channel: number;
	bitrate: number;
	samplePoint?: number;
	listenOnly: boolean;
}

export interface GsUsbDeviceInfo {
	config: GsDeviceConfig;
	btConst: GsDeviceBtConst;
	bitTiming: BitTimingResult;
	/** HW_TIMESTAMP was enabled: IN frames carry timestamp_us. */
	hwTimestamps: boolean;
	/** Bytes to request per bulk IN transfer (gs_usb_probe hf_size_rx). */
	rxSize: number;
}

/**
 * Claims the device and starts one channel: gs_usb_probe (HOST_FORMAT, DEVICE_CONFIG, BT_CONST)
 * followed by gs_can_open (MODE RESET, BITTIMING, MODE START). protocols.md §3.2.
 */
export async function bringUpGsUsb(
	device: UsbDeviceLike,
	control: GsUsbControl,
	options: GsUsbBringUpOptions
): Promise<GsUsbDeviceInfo> {
	const { channel, listenOnly } = options;
	if (!device.opened) await device.open();
	const { configuration } = device as { configuration?: unknown };
	if (configuration === undefined || configuration === null) await device.selectConfiguration(1);
	try {
		await device.claimInterface(0);
	} catch (err) {
		if ((err as { name?: string })?.name !== 'NetworkError') throw err;
		throw new AdapterRejectedError(
			'could not claim the gs_usb interface; on Linux the gs_usb kernel driver owns it (unbind it with a udev rule)',
			KIND,
			{ cause: err }
		);
	}
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
	if (listenOnly && !(btConst.feature & GsCanFeature.LISTEN_ONLY)) {
		throw new AdapterRejectedError('the device does not support listen-only mode', KIND);
	}
	let bitTiming: BitTimingResult;
	try {
		bitTiming = calcBitTiming(btConst.fclkCan, options.bitrate, btConst, options.samplePoint);
	} catch (err) {
		if (!(err instanceof BitTimingError)) throw err;
		throw new AdapterRejectedError(err.message, KIND, { cause: err });
	}
	// gs_can_open() enables HW_TIMESTAMP whenever the device offers it, and sizes RX for it.
	const hwTimestamps = (btConst.feature & GsCanFeature.HW_TIMESTAMP) !== 0;
	const rxSize = hostFrameSize({
		fd: (btConst.feature & GsCanFeature.FD) !== 0,
		timestamp: hwTimestamps
	});
	await control.reset(channel);
	await control.out('BITTIMING', GsUsbRequest.BITTIMING, channel, encodeBitTiming(bitTiming));
	const flags =
		(hwTimestamps ? GsCanFeature.HW_TIMESTAMP : 0) | (listenOnly ? GsCanFeature.LISTEN_ONLY : 0);
	await control.out(
		'MODE',
		GsUsbRequest.MODE,
		channel,
		encodeDeviceMode({ mode: GsCanMode.START, flags })
	);
	return { config, btConst, bitTiming, hwTimestamps, rxSize };
}
