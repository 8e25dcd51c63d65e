/**
 * Tactrix OpenPort 2.0 wire constants (protocols.md §4). Tactrix never published a spec: the commands and RX
 * framing follow NikolaKozina/j2534@22ae8e8 j2534/j2534.c; the J2534 values are SAE J2534-1 (v04.04) and its
 * j2534.h. Every table is data so the driver, the emulator and the tests share one source.
 */

/** USB identity (j2534.c VENDOR_ID / PRODUCT_ID): an FTDI vendor id, but a vendor-class bulk interface, not a UART. */
export const OPENPORT_USB_ID = { vendorId: 0x0403, productId: 0xcc4d } as const;

/**
 * J2534-1 ProtocolID. The OpenPort uses the protocol id as the channel id (PassThruConnect: `*pChannelID =
 * protocolID`), and its RX stream tags packets with that id as an ASCII digit ('3'…'6').
 */
export const J2534Protocol = {
	J1850VPW: 1,
	J1850PWM: 2,
	ISO9141: 3,
	ISO14230: 4,
	CAN: 5,
	ISO15765: 6
} as const;
export type J2534ProtocolId = (typeof J2534Protocol)[keyof typeof J2534Protocol];

/** J2534-1 FilterType (j2534.h enum j2534_filter). */
export const J2534Filter = { PASS: 1, BLOCK: 2, FLOW_CONTROL: 3 } as const;
export type J2534FilterType = (typeof J2534Filter)[keyof typeof J2534Filter];

/** J2534-1 PassThruConnect Flags. */
export const ConnectFlag = {
	CAN_29BIT_ID: 0x100,
	/** ISO 9141/14230: the device neither appends nor checks the checksum; the application does. */
	ISO9141_NO_CHECKSUM: 0x200,
	/** CAN: receive and send both 11-bit and 29-bit identifiers. */
	CAN_ID_BOTH: 0x800,
	ISO9141_K_LINE_ONLY: 0x1000
} as const;

/** J2534-1 PASSTHRU_MSG TxFlags. */
export const TxFlag = {
	/** Pad every ISO 15765 frame to 8 bytes (ISO 15765-4 requires it for OBD). */
	ISO15765_FRAME_PAD: 0x40,
	ISO15765_ADDR_TYPE: 0x80,
	CAN_29BIT_ID: 0x100
} as const;

/** J2534-1 IOCTL GET_CONFIG / SET_CONFIG parameter ids (the ones this stack uses or the emulator keeps). */
export const ConfigParam = {
	DATA_RATE: 0x01,
	LOOPBACK: 0x03,
	P1_MAX: 0x07,
	P3_MIN: 0x0a,
	P4_MIN: 0x0c,
	BIT_SAMPLE_POINT: 0x17,
	ISO15765_BS: 0x1e,
	ISO15765_STMIN: 0x1f
} as const;

/** Battery voltage is read on J1962 pin 16 (j2534.c PassThruIoctl READ_VBATT: `atr 16`). */
export const VBATT_PIN = 16;

/**
 * The type byte of an RX-stream packet (j2534.c enum rx_msg_type; protocols.md §4). Several indications make one
 * J2534 message: ISO 15765 and K-line data arrive as NORMAL chunk(s) closed by RX_END; RX_START announces a
 * multi-frame ISO-TP reception (first frame seen) or the start of a K-line message.
 */
export const RxPacketType = {
	NORMAL: 0x00,
	TX_DONE: 0x10,
	TX_LOOPBACK: 0x20,
	RX_END: 0x40,
	EXT_ADDR_RX_END: 0x44,
	LOOPBACK_END: 0x60,
	RX_START: 0x80,
	TX_LOOPBACK_START: 0xa0
} as const;
export type RxPacketTypeCode = (typeof RxPacketType)[keyof typeof RxPacketType];

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(RxPacketType));

export function isKnownRxPacketType(type: number): type is RxPacketTypeCode {
	return KNOWN_TYPES.has(type);
}

/** K-line channels (ISO 9141 and ISO 14230): their data packets carry no timestamp. */
export function isKLineProtocol(protocol: number): boolean {
	return protocol === J2534Protocol.ISO9141 || protocol === J2534Protocol.ISO14230;
}

/**
 * Whether a packet carries the 4-byte timestamp after its type byte. j2534.c PassThruReadMsgs copies K-line
 * NORMAL / TX_LOOPBACK data from the timestamp position (`datacopy(msgBuf, data, 0, pos, len - 1)`), so on ISO 9141
 * and ISO 14230 those two types are `type + raw bytes`; their timing comes with the RX_START / RX_END indications.
 * Everything else is `type + timestamp u32 BE + payload`.
 */
export function hasTimestamp(protocol: number, type: number): boolean {
	if (!isKLineProtocol(protocol)) return true;
	return type !== RxPacketType.NORMAL && type !== RxPacketType.TX_LOOPBACK;
}

/** A packet's length byte counts the type byte, the timestamp and the payload, so one packet holds this much. */
export const MAX_PACKET_BODY = 0xff;

/** j2534.h PM_DATA_LEN: the largest PASSTHRU_MSG payload, and the bulk IN size PassThruReadMsgs reads with. */
export const PM_DATA_LEN = 4128;

/** j2534.c PassThruStartMsgFilter: mask and pattern are at most 12 bytes. */
export const MAX_FILTER_BYTES = 12;
