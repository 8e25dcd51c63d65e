import type { CanFrame } from '../can-frame';
import type { CanFramePort } from './link';

/**
 * A CanFramePort over an adapter that has one sink: wire the adapter's `CanSink.frame` to `deliver`, and every link
 * subscribed to `port` hears every frame. A listener that throws does not stop the others.
 */
export function createFramePort(send: (frame: CanFrame) => Promise<void>): {
	port: CanFramePort;
	deliver: (frame: CanFrame) => void;
} {
	const listeners = new Set<(frame: CanFrame) => void>();
	return {
		port: {
			send,
			subscribe(listener) {
				listeners.add(listener);
				return () => listeners.delete(listener);
			}
		},
		deliver(frame) {
			for (const listener of listeners) {
				try {
					listener(frame);
				} catch (error) {
					queueMicrotask(() => {
						throw error;
					});
				}
			}
		}
	};
}
