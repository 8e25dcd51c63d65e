/**
 * comma.ai panda USB surface: ids, endpoints, vendor requests and the tables they take.
 * src: commaai/panda python/__init__.py (Panda.*), board/main_comms.h comms_control_handler, board/drivers/usb.h,
 * board/can_comms.h; protocols.md §5. Control requests are vendor + device recipient (bmRequestType 0x40 OUT /
 * 0xC0 IN), wValue = param1, wIndex = param2.
 */

/** idVendor: 0x3801 is comma's registered VID, 0xBBAA the legacy one (python Panda.USB_VIDS). */
export const PANDA_VENDOR_IDS = [0x3801, 0xbbaa] as const;

/** idProduct: the application firmware, or the bootstub that only flashes (python Panda.USB_PIDS). */
export const PandaProductId = { APP: 0xddcc, BOOTSTUB: 0xddee } as const;

/** WebUSB requestDevice filters for a panda running its application firmware. */
export const PANDA_USB_FILTERS = PANDA_VENDOR_IDS.map((vendorId) => ({
	vendorId,
	productId: PandaProductId.APP
}));

/** Bulk endpoints (usb.h usb_setup SET_CONFIGURATION): EP1 IN CAN RX stream, EP2 OUT UART, EP3 OUT CAN TX. */
export const PandaEndpoint = { CAN_RX: 1, SERIAL_TX: 2, CAN_TX: 3 } as const;

/** wMaxPacketSize of every panda endpoint (USBPACKET_MAX_SIZE); the firmware fills EP1 IN packets to it. */
export const PANDA_USB_PACKET_SIZE = 64;
/** python can_recv: bulkRead(1, 16384). */
export const PANDA_RX_TRANSFER_SIZE = 16384;
/** python pack_can_buffer: "Limit chunks to 256 bytes" per bulk write. */
export const PANDA_TX_CHUNK_SIZE = 256;
/** PANDA_CAN_CNT: buses 0–2. */
export const PANDA_CAN_COUNT = 3;

/** bRequest values (main_comms.h comms_control_handler; names from python/__init__.py). */
export const PandaRequest = {
	GET_MICROSECOND_TIMER: 0xa8,
	CAN_RESET_COMMUNICATIONS: 0xc0,
	GET_TYPE: 0xc1,
	CAN_HEALTH: 0xc2,
	GET_UID: 0xc3,
	GET_SERIAL: 0xd0,
	HEALTH: 0xd2,
	GET_VERSION: 0xd6,
	SET_OBD: 0xdb,
	SET_SAFETY_MODE: 0xdc,
	GET_PACKET_VERSIONS: 0xdd,
	SET_CAN_SPEED_KBPS: 0xde,
	SET_CAN_LOOPBACK: 0xe5,
	SET_POWER_SAVE: 0xe7,
	SET_CANFD_AUTO: 0xe8,
	CAN_CLEAR: 0xf1,
	SEND_HEARTBEAT: 0xf3,
	SET_HEARTBEAT_DISABLED: 0xf8,
	SET_CAN_DATA_SPEED_KBPS: 0xf9,
	SET_CANFD_NON_ISO: 0xfc
} as const;
export type PandaRequest = (typeof PandaRequest)[keyof typeof PandaRequest];

/** wLength python asks for on the IN requests (the firmware truncates its reply to wLength). */
export const PandaReplyLength = {
	GET_MICROSECOND_TIMER: 4,
	GET_TYPE: 0x40,
	CAN_HEALTH: 64,
	GET_UID: 12,
	GET_SERIAL: 0x20,
	HEALTH: 48,
	GET_VERSION: 0x40,
	GET_PACKET_VERSIONS: 8
} as const;

/** can_clear (0xF1) wValue that clears the global RX queue instead of one bus's TX queue. */
export const CAN_CLEAR_RX_QUEUE = 0xffff;

/**
 * SafetyModel ids (opendbc car.capnp; python Panda.SAFETY_*). The driver offers only the three modes that never
 * command a car; the others are named so a health reply can be reported in words.
 */
export const PandaSafetyMode = {
	silent: 0,
	hondaNidec: 1,
	toyota: 2,
	elm327: 3,
	gm: 4,
	hondaBoschGiraffe: 5,
	ford: 6,
	hyundai: 8,
	chrysler: 9,
	tesla: 10,
	subaru: 11,
	mazda: 13,
	nissan: 14,
	volkswagen: 15,
	/** Compiled only into ALLOW_DEBUG firmware; a release panda falls back to silent. */
	allOutput: 17,
	noOutput: 19,
	hondaBosch: 20,
	hyundaiCanfd: 28
} as const;
export type PandaSafetyModeName = keyof typeof PandaSafetyMode;

export function safetyModeName(mode: number): string {
	const entry = Object.entries(PandaSafetyMode).find(([, id]) => id === mode);
	return entry ? entry[0] : `mode ${mode}`;
}

/**
 * main.c is_car_safety_mode(): every mode but these four may command actuators, keeps the heartbeat check on
 * and sets heartbeat_lost when it lapses.
 */
export function isCarSafetyMode(mode: number): boolean {
	return (
		mode !== PandaSafetyMode.silent &&
		mode !== PandaSafetyMode.noOutput &&
		mode !== PandaSafetyMode.allOutput &&
		mode !== PandaSafetyMode.elm327
	);
}

/** Nominal bit rates the firmware accepts, in kbit/s × 10 (fdcan.h `speeds`); others are silently ignored. */
export const PANDA_CAN_SPEEDS = [100, 200, 500, 1000, 1250, 2500, 5000, 10000] as const;
/** CAN FD data-phase rates in kbit/s × 10 (fdcan.h `data_speeds`). */
export const PANDA_CAN_DATA_SPEEDS = [
	100, 200, 500, 1000, 1250, 2500, 5000, 10000, 20000, 50000
] as const;

/** bit/s → the kbit/s × 10 the speed requests carry, or undefined when the firmware would ignore it. */
export function canSpeedParam(
	bitrate: number,
	table: readonly number[] = PANDA_CAN_SPEEDS
): number | undefined {
	const param = bitrate / 100;
	return Number.isInteger(param) && table.includes(param) ? param : undefined;
}

/** get_type (0xC1) reply byte (python Panda.HW_TYPE_*). */
export const PandaHwType = {
	unknown: 0x00,
	whitePanda: 0x01,
	greyPanda: 0x02,
	blackPanda: 0x03,
	pedal: 0x04,
	uno: 0x05,
	dos: 0x06,
	redPanda: 0x07,
	redPandaV2: 0x08,
	tres: 0x09,
	cuatro: 0x0a,
	body: 0xb1
} as const;

/**
 * What get_packets_versions (0xDD) must return: two LE u32s, the first 4 bytes (LE) of SHA-256 over
 * board/health.h and over opendbc/safety/can.h (panda SConscript version_hash; python compares the same hashes
 * and refuses to talk on a mismatch). Computed from the stored texts of panda board/health.h (the flags_pkt
 * layout decoded by health.ts) and commaai/opendbc@38e304f opendbc/safety/can.h (CAN_PACKET_VERSION 4).
 * **(unverified)**: a firmware built from other revisions of those files reports other hashes even when the
 * layouts match; PandaAdapterOptions.packetVersions accepts the values a specific firmware reports.
 */
export const PANDA_PACKET_VERSIONS = { health: 0xfa1d130f, canPacket: 0x4b3e6fa4 } as const;
export interface PandaPacketVersions {
	health: number;
	canPacket: number;
}

/**
 * Heartbeat: the firmware counts seconds since the last send_heartbeat (0xF3) on its 1 Hz tick and falls back to
 * SILENT, with power saving on, once the count reaches 5 (ignition on) or 2 (ignition off) (main.c
 * HEARTBEAT_IGNITION_CNT_ON/OFF).
 */
export const PANDA_HEARTBEAT_LIMIT_S = { ignitionOn: 5, ignitionOff: 2 } as const;
