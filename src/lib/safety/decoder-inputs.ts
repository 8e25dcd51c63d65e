/**
 * The engine's per-channel inputs taken from a decoder's description (a CompiledDbc fits these shapes), so the
 * live pipeline, the bench and the tests build `SafetyEngineOptions` the same way.
 */
export interface DecoderSignal {
	name: string;
	min?: number;
	max?: number;
}

export interface DecoderMessage {
	/** Indexes into the signal list. */
	signalIndexes: ArrayLike<number>;
	message: { attributes?: Readonly<Record<string, unknown>> };
}

/**
 * `ranges`: the DBC's `[min|max]` per signal. DBC files write `[0|0]` for "not specified", so a range that is
 * empty or not finite is left out rather than turning every reading into a fault.
 */
export function signalRanges(
	signals: readonly DecoderSignal[]
): Record<string, readonly [number, number]> {
	const ranges: Record<string, readonly [number, number]> = {};
	for (const { name, min, max } of signals) {
		if (min === undefined || max === undefined) continue;
		if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) continue;
		ranges[name] = [min, max];
	}
	return ranges;
}

/**
 * `periodsUs`: each signal's message cycle time, from the `GenMsgCycleTime` attribute (ms, the Vector
 * convention opendbc follows). Messages without one (event-driven, or 0) are left to the engine to learn.
 */
export function signalPeriodsUs(
	signals: readonly DecoderSignal[],
	messages: readonly DecoderMessage[]
): Record<string, number> {
	const periods: Record<string, number> = {};
	for (const m of messages) {
		const ms = Number(m.message.attributes?.GenMsgCycleTime);
		if (!(ms > 0 && Number.isFinite(ms))) continue;
		for (let k = 0; k < m.signalIndexes.length; k++)
			periods[signals[m.signalIndexes[k]].name] = ms * 1000;
	}
	return periods;
}
