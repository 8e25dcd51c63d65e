import { DEFAULT_PADDING, type FrameEncodeOptions } from './frame-codec';
import { TX_DL_VALUES, type TxDl } from './pci';

/** How ISO-TP bytes sit in CAN frames; shared by the sender, the receiver and the link. */
export interface IsoTpFramingOptions {
	/**
	 * Extended or mixed addressing: the N_TA / N_AE byte we prepend to every frame we send (`tx`) and the one every
	 * frame for us starts with (`rx`); frames with another first byte are someone else's (ISO 15765-2:2016
	 * §10.3.3–§10.3.4). Every frame then carries one payload byte less. Omit for normal addressing.
	 */
	addressing?: { tx: number; rx: number };
	/** TX_DL: 8 for classic CAN, 12–64 for CAN FD. @default 8 */
	txDl?: TxDl;
	/**
	 * Byte that fills frames to TX_DL, or null to send frames trimmed to their content. OBD (ISO 15765-4) requires
	 * 8-byte frames, hence padding by default. @default 0xCC
	 */
	padding?: number | null;
}

export interface ResolvedFraming {
	encode: FrameEncodeOptions;
	txDl: TxDl;
	addressBytes: number;
	rxAddress: number | undefined;
}

export function resolveFraming(options: IsoTpFramingOptions): ResolvedFraming {
	const txDl = options.txDl ?? 8;
	if (!TX_DL_VALUES.includes(txDl))
		throw new TypeError(`txDl ${txDl} is not one of ${TX_DL_VALUES}`);
	const padding = options.padding === undefined ? DEFAULT_PADDING : options.padding;
	if (padding !== null) checkByte(padding, 'padding');
	const addressing = options.addressing;
	if (addressing) {
		checkByte(addressing.tx, 'addressing.tx');
		checkByte(addressing.rx, 'addressing.rx');
	}
	return {
		encode: { txDl, padding, addressByte: addressing?.tx },
		txDl,
		addressBytes: addressing ? 1 : 0,
		rxAddress: addressing?.rx
	};
}

/** False when extended/mixed addressing is on and the frame starts with another node's address byte. */
export function isForUs(frame: Uint8Array, framing: ResolvedFraming): boolean {
	return framing.rxAddress === undefined || (frame.length > 0 && frame[0] === framing.rxAddress);
}

export function checkTime(value: number | undefined, fallback: number, what: string): number {
	const v = value ?? fallback;
	if (!Number.isFinite(v) || v <= 0)
		throw new TypeError(`${what} must be a positive number, got ${v}`);
	return v;
}

function checkByte(value: number, what: string): void {
	if (!Number.isInteger(value) || value < 0 || value > 0xff) {
		throw new TypeError(`${what} must be a byte (0–255), got ${value}`);
	}
}
