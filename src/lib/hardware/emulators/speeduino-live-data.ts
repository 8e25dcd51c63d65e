import {
	DATA_TYPES,
	insertBits,
	readRaw,
	userToRaw,
	writeRaw,
	type EcuDefinition
} from '../../tune/ini';
import { CAR } from './vehicle/car-spec';
import type { VehicleState } from './vehicle/vehicle-state';

/**
 * Which simulated-car value feeds which Speeduino output channel, in the channel's user units. Temperatures go out
 * offset by 40 as the firmware sends them (speeduino.ini: `coolant = { coolantRaw - 40 }`); AFR is lambda × the
 * car's stoichiometric ratio. Channels the car has no value for stay 0.
 */
export const SPEEDUINO_LIVE_CHANNELS: readonly {
	channel: string;
	read: (s: Readonly<VehicleState>) => number;
}[] = [
	{ channel: 'secl', read: (s) => Math.floor(s.timeS) % 256 },
	{ channel: 'DFCOOn', read: (s) => (s.fuelCut ? 1 : 0) },
	{ channel: 'running', read: (s) => (s.rpm > 0 ? 1 : 0) },
	{ channel: 'map', read: (s) => s.mapKpa },
	{ channel: 'iatRaw', read: (s) => s.iatC + 40 },
	{ channel: 'coolantRaw', read: (s) => s.coolantC + 40 },
	{ channel: 'batteryVoltage', read: (s) => s.batteryV },
	{ channel: 'afr', read: (s) => s.lambda * CAR.stoichAfr },
	{ channel: 'rpm', read: (s) => s.rpm },
	{ channel: 'afrTarget', read: (s) => s.lambdaTarget * CAR.stoichAfr },
	{ channel: 'advance', read: (s) => s.ignitionAdvance },
	{ channel: 'tps', read: (s) => s.throttle },
	{ channel: 'boostTarget', read: (s) => s.boostTargetKpa },
	{ channel: 'boostDuty', read: (s) => s.wastegateDuty },
	{ channel: 'hardLimitOn', read: (s) => (s.revLimiter ? 1 : 0) },
	{ channel: 'sync', read: (s) => (s.rpm > 0 ? 1 : 0) },
	{ channel: 'baro', read: (s) => s.baroKpa },
	{ channel: 'pulseWidth', read: (s) => s.injectorPwMs },
	{ channel: 'fuelLoad', read: (s) => s.mapKpa },
	{ channel: 'ignLoad', read: (s) => s.mapKpa },
	{ channel: 'vss', read: (s) => s.speedKmh },
	{ channel: 'gear', read: (s) => s.gear }
];

/**
 * Builds the encoder that packs a VehicleState into the definition's realtime block, using each channel's offset,
 * type and scaling from the .ini, so a decoder driven by the same .ini reads the car's values back (to the
 * channel's resolution; out-of-range values clamp as the firmware's integer types would).
 */
export function createLiveBlockEncoder(
	definition: EcuDefinition
): (state: Readonly<VehicleState>) => Uint8Array {
	const byName = new Map(definition.outputChannels.channels.map((c) => [c.name, c]));
	const le = definition.endianness;
	const writers: ((view: DataView, s: Readonly<VehicleState>) => void)[] = [];
	for (const { channel, read } of SPEEDUINO_LIVE_CHANNELS) {
		const ch = byName.get(channel);
		if (!ch || ch.kind === 'computed') continue;
		if (ch.kind === 'bits') {
			const max = 2 ** (ch.high - ch.low + 1) - 1;
			writers.push((view, s) => {
				const word = readRaw(view, ch.offset, ch.type, le);
				const value = Math.min(max, Math.max(0, Math.round(read(s))));
				writeRaw(view, ch.offset, ch.type, le, insertBits(word, ch.low, ch.high, value));
			});
		} else if (typeof ch.scale === 'number' && typeof ch.translate === 'number') {
			const { scale, translate } = ch;
			writers.push((view, s) =>
				writeRaw(view, ch.offset, ch.type, le, userToRaw(read(s), scale, translate))
			);
		}
	}
	const size = definition.outputChannels.blockSize;
	return (state) => {
		const block = new Uint8Array(size);
		const view = new DataView(block.buffer);
		for (const write of writers) write(view, state);
		return block;
	};
}

/** The resolution of a channel in user units: what a round trip through its raw type can lose. */
export function channelResolution(definition: EcuDefinition, name: string): number {
	const ch = definition.outputChannels.channels.find((c) => c.name === name);
	if (!ch || ch.kind !== 'scalar' || typeof ch.scale !== 'number') return 1;
	return DATA_TYPES[ch.type].float ? 0 : Math.abs(ch.scale);
}
