/**
 * One CAN or CAN FD frame as every adapter driver hands it up, whatever its wire format.
 * `data.length` is the payload length in bytes (0–8 classic, up to 64 for FD), not the DLC code.
 */
export interface CanFrame {
	/** 11-bit or 29-bit identifier, without flag bits. */
	id: number;
	extended: boolean;
	rtr: boolean;
	fd: boolean;
	/** Bit-rate switch, FD only (ISO 11898-1:2015 §10.4.2.3). */
	brs: boolean;
	/** Error state indicator, FD only: the transmitter was error passive (ISO 11898-1:2015 §10.4.2.4). */
	esi?: boolean;
	data: Uint8Array;
	/** Microseconds on the adapter's clock (unwrapped), or the host's where the adapter has none. */
	timestampUs: number;
	/** Adapter channel number. */
	channel: number;
}

/** FD DLC codes 9–15 map to these byte lengths (ISO 11898-1:2015 Table 5). */
export const FD_DLC_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64] as const;

export function dlcToLength(dlc: number): number {
	const len = FD_DLC_LENGTHS[dlc];
	if (len === undefined) throw new RangeError(`DLC ${dlc} is outside 0–15`);
	return len;
}

export function lengthToDlc(length: number): number {
	const dlc = FD_DLC_LENGTHS.findIndex((len) => len >= length);
	if (dlc < 0) throw new RangeError(`payload of ${length} bytes exceeds 64`);
	return dlc;
}

export function canFrame(init: Partial<CanFrame> & Pick<CanFrame, 'id' | 'data'>): CanFrame {
	return {
		extended: init.id > 0x7ff,
		rtr: false,
		fd: false,
		brs: false,
		timestampUs: 0,
		channel: 0,
		...init
	};
}
