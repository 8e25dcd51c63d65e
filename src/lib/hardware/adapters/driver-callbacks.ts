/**
 * The two ways a driver calls into code it does not own from inside its RX loop. Neither may throw into the loop:
 * a failing logger or sink must cost one callback, not the stream.
 */

/** The driver's `onWarning` option as a function that never throws (and does nothing when not given). */
export function safeWarn<W>(onWarning: ((warning: W) => void) | undefined): (warning: W) => void {
	if (!onWarning) return () => {};
	return (warning) => {
		try {
			onWarning(warning);
		} catch {
			// A throwing logger must not take the RX stream down with it.
		}
	};
}

/** Calls the sink; a sink that throws is reported as a `sink-error` warning and delivery goes on. */
export function deliverSafely(
	call: () => void,
	warn: (warning: { kind: 'sink-error'; error: unknown }) => void
): void {
	try {
		call();
	} catch (error) {
		warn({ kind: 'sink-error', error });
	}
}
