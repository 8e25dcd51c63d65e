import type { BusState } from './can-adapter';
import { GsCanState, type GsDeviceState } from '../protocol/gs-usb-requests';

/** A controller state with its error counters, as `CanSink.busState` receives it. */
export interface BusReport {
	state: BusState;
	counters: { rx: number; tx: number };
}

/** gs_can_state → BusState; SLEEPING (candleLight's low-power state) is off the bus, so 'stopped'. */
const BUS_STATE_OF: Record<number, BusState> = {
	[GsCanState.ERROR_ACTIVE]: 'active',
	[GsCanState.ERROR_WARNING]: 'warning',
	[GsCanState.ERROR_PASSIVE]: 'passive',
	[GsCanState.BUS_OFF]: 'bus-off',
	[GsCanState.STOPPED]: 'stopped',
	[GsCanState.SLEEPING]: 'stopped'
};

/** A decoded GET_STATE reply (decodeDeviceState has already refused unknown states). */
export function busStateOf(s: GsDeviceState): BusReport {
	return { state: BUS_STATE_OF[s.state], counters: { rx: s.rxErr, tx: s.txErr } };
}
