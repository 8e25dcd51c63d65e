import type { BusState, CanSink } from './can-adapter';
import type { CanFrame } from '../protocol/can-frame';
import type { AdapterError } from '../errors';

/** A CanSink that keeps everything an adapter reports, for assertions. */
export class RecordingSink implements CanSink {
	readonly frames: CanFrame[] = [];
	readonly states: { state: BusState; counters: { rx: number; tx: number } }[] = [];
	readonly closes: (AdapterError | null)[] = [];

	frame(f: CanFrame): void {
		this.frames.push(f);
	}

	busState(state: BusState, counters: { rx: number; tx: number }): void {
		this.states.push({ state, counters });
	}

	closed(reason: AdapterError | null): void {
		this.closes.push(reason);
	}
}
