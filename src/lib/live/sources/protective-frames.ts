import { encodeMessage, type CanFrame, type CompiledDbc } from '../../hardware';

/**
 * The vehicle's protective commands, as its DBC declares them. A message with the attribute `CarTechProtect` = 1
 * is a request the ECU accepts from a logger; its first signal's value table names the commands (`VAL_ … 2
 * "boost-cut"`), matching the ids a safety profile's `protective-command` actions use. Keeping this in the DBC
 * puts it with the rest of the vehicle's CAN definition, where an integrator already describes that ECU.
 */
export function protectiveFramesFromDbc(dbc: CompiledDbc): Record<string, CanFrame> {
	const frames: Record<string, CanFrame> = {};
	for (const message of dbc.messages) {
		if (Number(message.message.attributes?.CarTechProtect) !== 1) continue;
		const signal = dbc.signals[message.signalIndexes[0]];
		if (!signal?.choices) continue;
		for (const [raw, label] of signal.choices) {
			if (raw === 0) continue;
			frames[label] = {
				id: message.id,
				extended: message.extended,
				rtr: false,
				fd: false,
				brs: false,
				timestampUs: 0,
				channel: 0,
				data: encodeMessage(dbc, message.id, { [signal.name]: BigInt(raw) })
			};
		}
	}
	return frames;
}
