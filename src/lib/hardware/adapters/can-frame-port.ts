import { createFramePort, type CanFramePort } from '../protocol/isotp';
import type { CanAdapter, CanSink } from './can-adapter';

/**
 * An adapter as ISO-TP's CanFramePort: pass `sink` to `adapter.open` and every subscribed link hears every received
 * frame, while `forward` (e.g. the live pipeline) still gets frames, bus states and the close. A CanAdapter has one
 * sink, so this is how a UDS session and a live view share one bus.
 */
export function createAdapterFramePort(
	adapter: Pick<CanAdapter, 'send'>,
	forward?: CanSink
): { port: CanFramePort; sink: CanSink } {
	const { port, deliver } = createFramePort((frame) => adapter.send(frame));
	const sink: CanSink = {
		frame(frame) {
			deliver(frame);
			forward?.frame(frame);
		},
		busState(state, counters) {
			forward?.busState?.(state, counters);
		},
		closed(reason) {
			forward?.closed(reason);
		}
	};
	return { port, sink };
}
