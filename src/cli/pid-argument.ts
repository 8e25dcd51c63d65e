import { SERVICE_01_PIDS, pidDefinition, type PidDefinition } from '../lib/hardware/protocol/obd2';
import { UsageError } from './usage-error';

const BY_KEY = new Map(SERVICE_01_PIDS.map((d) => [d.key.toLowerCase(), d]));

/** A PID named by hex (`0C`, `0x0C`) or by its table key (`engineRpm`, any case). */
export function parsePidArgument(text: string, usage: string): PidDefinition {
	const hex = /^(?:0x)?([0-9a-f]{1,2})$/i.exec(text);
	const def = hex ? pidDefinition(parseInt(hex[1], 16)) : BY_KEY.get(text.toLowerCase());
	if (!def) {
		throw new UsageError(
			`unknown PID "${text}": give a service-01 PID in hex (0C) or by name (engineRpm); \`cartech obd … pids\` lists what the car supports`,
			usage
		);
	}
	return def;
}
