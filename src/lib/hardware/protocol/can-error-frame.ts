/**
 * SocketCAN error frames (can_id has CAN_ERR_FLAG), which gs_usb devices send verbatim.
 * Bit values from linux/can/error.h; state mapping from gs_usb.c gs_update_state().
 */
export const CanErrClass = {
	TX_TIMEOUT: 0x1,
	LOSTARB: 0x2,
	CRTL: 0x4,
	PROT: 0x8,
	TRX: 0x10,
	ACK: 0x20,
	BUSOFF: 0x40,
	BUSERROR: 0x80,
	RESTARTED: 0x100,
	CNT: 0x200
} as const;

/** data[1] when CanErrClass.CRTL is set. */
export const CanErrCtrl = {
	RX_OVERFLOW: 0x01,
	TX_OVERFLOW: 0x02,
	RX_WARNING: 0x04,
	TX_WARNING: 0x08,
	RX_PASSIVE: 0x10,
	TX_PASSIVE: 0x20,
	ACTIVE: 0x40
} as const;

/** error.h CAN_ERR_DLC: error frames always carry 8 data bytes. */
export const CAN_ERR_DLC = 8;

export type CanErrorState = 'active' | 'warning' | 'passive' | 'bus-off';

export interface CanErrorReport {
	/** The controller state this frame announces, or null when it reports only a bus error. */
	state: CanErrorState | null;
	/** data[6] = TX error counter, data[7] = RX error counter. */
	counters: { tx: number; rx: number };
	rxOverflow: boolean;
	busError: boolean;
}

export function decodeCanErrorFrame(canId: number, data: Uint8Array): CanErrorReport {
	const ctrl = data[1] ?? 0;
	let state: CanErrorState | null = null;
	if (canId & CanErrClass.RESTARTED) state = 'active';
	else if (canId & CanErrClass.BUSOFF) state = 'bus-off';
	else if (canId & CanErrClass.CRTL) {
		if (ctrl & (CanErrCtrl.TX_WARNING | CanErrCtrl.RX_WARNING)) state = 'warning';
		else if (ctrl & (CanErrCtrl.TX_PASSIVE | CanErrCtrl.RX_PASSIVE)) state = 'passive';
		else if (!(ctrl & (CanErrCtrl.RX_OVERFLOW | CanErrCtrl.TX_OVERFLOW))) state = 'active';
	}
	return {
		state,
		counters: { tx: data[6] ?? 0, rx: data[7] ?? 0 },
		rxOverflow: (canId & CanErrClass.CRTL) !== 0 && (ctrl & CanErrCtrl.RX_OVERFLOW) !== 0,
		busError: (canId & (CanErrClass.PROT | CanErrClass.BUSERROR | CanErrClass.ACK)) !== 0
	};
}

/**
 * The error frame candleLight's can_handle_state_change() sends for a new controller state
 * (src: candleLight_fw src/can_common.c): BUSOFF alone, otherwise CRTL|CNT with TX/RX state bits
 * and the counters in data[6]/data[7].
 */
export function encodeCanStateErrorFrame(
	state: CanErrorState,
	counters: { tx: number; rx: number }
): { canId: number; data: Uint8Array } {
	const data = new Uint8Array(CAN_ERR_DLC);
	if (state === 'bus-off') return { canId: CanErrClass.BUSOFF, data };
	data[1] =
		state === 'warning'
			? txRxBits(counters, CanErrCtrl.TX_WARNING, CanErrCtrl.RX_WARNING, 96)
			: state === 'passive'
				? txRxBits(counters, CanErrCtrl.TX_PASSIVE, CanErrCtrl.RX_PASSIVE, 128)
				: CanErrCtrl.ACTIVE;
	data[6] = Math.min(counters.tx, 255);
	data[7] = Math.min(counters.rx, 255);
	return { canId: CanErrClass.CRTL | CanErrClass.CNT, data };
}

/** Flags the side(s) whose counter crossed the threshold; both when neither did (caller forced the state). */
function txRxBits(
	c: { tx: number; rx: number },
	tx: number,
	rx: number,
	threshold: number
): number {
	const bits = (c.tx >= threshold ? tx : 0) | (c.rx >= threshold ? rx : 0);
	return bits || tx | rx;
}
