/** Protocol control information type: the high nibble of the first ISO-TP byte (ISO 15765-2:2016 §9.6.1, Table 9). */
export const PciType = {
	SingleFrame: 0,
	FirstFrame: 1,
	ConsecutiveFrame: 2,
	FlowControl: 3
} as const;
export type PciType = (typeof PciType)[keyof typeof PciType];

/** Flow status of a flow control frame (ISO 15765-2:2016 §9.6.5.2, Table 18); 3–F are reserved. */
export const FlowStatus = {
	ContinueToSend: 0,
	Wait: 1,
	Overflow: 2
} as const;
export type FlowStatus = (typeof FlowStatus)[keyof typeof FlowStatus];

/** Valid transmit data lengths: 8 for classic CAN, the CAN FD lengths above 8 (ISO 15765-2:2016 §9.4, Table 6). */
export const TX_DL_VALUES = [8, 12, 16, 20, 24, 32, 48, 64] as const;
export type TxDl = (typeof TX_DL_VALUES)[number];

/** Largest FF_DL the 12-bit first frame length field carries; longer messages use the 32-bit escape (§9.6.3.1). */
export const FF_DL_12BIT_MAX = 0xfff;
/** Largest message length the 32-bit FF_DL escape carries (§9.6.3.1). */
export const FF_DL_32BIT_MAX = 0xffff_ffff;

/**
 * Payload bytes one single frame carries. Classic frames use the 4-bit SF_DL (`0L`); CAN FD frames longer than 8
 * bytes use the escape (`00 LL`) (§9.6.2.1, Table 10). `addressBytes` is 1 under extended or mixed addressing.
 */
export function singleFrameCapacity(txDl: TxDl, addressBytes: number): number {
	return txDl === 8 ? 7 - addressBytes : txDl - 2 - addressBytes;
}

/** Payload bytes in a first frame: after `1L LL`, or after `10 00 LLLLLLLL` for lengths above 4095 (§9.6.3.1). */
export function firstFrameCapacity(
	txDl: TxDl,
	addressBytes: number,
	messageLength: number
): number {
	return txDl - (messageLength > FF_DL_12BIT_MAX ? 6 : 2) - addressBytes;
}

/** Payload bytes in a consecutive frame: everything after `2N` (§9.6.4.1). */
export function consecutiveFrameCapacity(txDl: TxDl, addressBytes: number): number {
	return txDl - 1 - addressBytes;
}
