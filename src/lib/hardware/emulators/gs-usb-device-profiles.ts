import {
	BXCAN_BIT_TIMING,
	STM32_FDCAN_BIT_TIMING,
	STM32_FDCAN_DATA_BIT_TIMING
} from '../protocol/bit-timing';
import {
	GsCanFeature,
	type GsDeviceBtConst,
	type GsDeviceBtConstExt
} from '../protocol/gs-usb-requests';

/** bxCAN candleLight (candleLight_fw@64dc8dc src/can/bxcan.c CAN_btconst, classic build). */
export const CANDLELIGHT_FEATURES =
	GsCanFeature.LISTEN_ONLY |
	GsCanFeature.LOOP_BACK |
	GsCanFeature.HW_TIMESTAMP |
	GsCanFeature.IDENTIFY |
	GsCanFeature.PAD_PKTS_TO_MAX_PKT_SIZE;

/**
 * An FDCAN candleLight built with CONFIG_CANFD (candle-usb/candleLight_fw src/can/m_can.c
 * CAN_btconst_ext, STM32G0/G4). BUS_OFF_RECOVERY (request 32), which newer builds also announce, is
 * left out: the emulator does not model it, and hosts restart with MODE RESET/START as Linux does.
 */
export const CANDLELIGHT_FD_FEATURES =
	CANDLELIGHT_FEATURES |
	GsCanFeature.FD |
	GsCanFeature.BT_CONST_EXT |
	GsCanFeature.BERR_REPORTING |
	GsCanFeature.GET_STATE;

/** CAN_CLOCK_SPEED of the STM32F0 candleLight/CANable boards (include/config.h). */
export const CANDLELIGHT_FCLK = 48_000_000;

/**
 * The FDCAN kernel clock of candleLight_fw on an STM32G4 (src/device/device_g4.c: HSI 16 MHz × 20,
 * PLLQ ÷ 4 = 80 MHz feeds FDCAN while PLLR ÷ 2 = 160 MHz is SYSCLK).
 */
export const CANDLELIGHT_FD_FCLK = 80_000_000;

/** What differs between a classic and a CONFIG_CANFD firmware build. */
export interface GsUsbDeviceProfile {
	btConst: GsDeviceBtConst;
	/** BT_CONST_EXT reply; null on a classic build, where BT_CONST_EXT and DATA_BITTIMING stall. */
	btConstExt: GsDeviceBtConstExt | null;
	/** config.h CAN_DATA_MAX_PACKET_SIZE: 32 on classic builds, 64 with CONFIG_CANFD. */
	maxPacketSize: number;
	/** Largest frame the OUT endpoint takes (USBD_GS_CAN_PrepareReceive: classic_can_ts / canfd_ts). */
	outBufferSize: number;
}

export function gsUsbDeviceProfile(options: {
	fd: boolean;
	fclk?: number;
	features?: number;
}): GsUsbDeviceProfile {
	if (!options.fd) {
		return {
			btConst: {
				feature: options.features ?? CANDLELIGHT_FEATURES,
				fclkCan: options.fclk ?? CANDLELIGHT_FCLK,
				...BXCAN_BIT_TIMING
			},
			btConstExt: null,
			maxPacketSize: 32,
			outBufferSize: 24
		};
	}
	const btConst: GsDeviceBtConst = {
		feature: options.features ?? CANDLELIGHT_FD_FEATURES,
		fclkCan: options.fclk ?? CANDLELIGHT_FD_FCLK,
		...STM32_FDCAN_BIT_TIMING
	};
	return {
		btConst,
		btConstExt: { ...btConst, data: { ...STM32_FDCAN_DATA_BIT_TIMING } },
		maxPacketSize: 64,
		outBufferSize: 80
	};
}
