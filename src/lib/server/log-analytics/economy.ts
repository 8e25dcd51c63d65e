import {
	AnalyticsInputError,
	computeFuelEconomy,
	FUELS,
	type FuelEconomyReport,
	type FuelKind
} from '../../analytics';
import type { Db } from '../db';
import type { LogChannelMeta } from '../db/schema';
import { findRoleChannels } from '../dyno/channel-roles';
import { pickFuelRateChannel, pickLambdaChannel, pickMafChannel } from './channel-kinds';
import { readPicked } from './read-picked';

/** The economy integrates on a 5 Hz grid (fuel-economy.ts), so 10 Hz averages lose nothing. */
const ECONOMY_BIN_US = 100_000;

export type EconomyView =
	| {
			report: FuelEconomyReport;
			channels: {
				speed: string;
				fuelRate: string | null;
				maf: string | null;
				lambda: string | null;
			};
	  }
	| { message: string };

/**
 * L/100 km and MPG for the trip and its steady and idle stretches, from the logged speed and the fuel rate
 * (OBD PID 5E) when there is one, else from MAF and lambda (or AFR) with the fuel's stoichiometry.
 */
export async function storedFuelEconomy(
	db: Db,
	log: { id: string; durationUs: number; channels: readonly LogChannelMeta[] },
	fuel: FuelKind
): Promise<EconomyView> {
	const speed = findRoleChannels(log.channels).speed;
	const fuelRate = pickFuelRateChannel(log.channels);
	const maf = fuelRate ? null : pickMafChannel(log.channels);
	const lambda = maf ? pickLambdaChannel(log.channels, FUELS[fuel].stoichAfr) : null;
	if (!speed) return { message: 'Fuel economy needs a vehicle speed channel.' };
	if (!fuelRate && !maf)
		return { message: 'Fuel economy needs a fuel rate (PID 5E) or a mass air flow (MAF) channel.' };
	const read = (c: { name: string; scale: number; offset: number }) =>
		readPicked(db, log, c, ECONOMY_BIN_US);
	try {
		const report = computeFuelEconomy(
			{
				speedKmh: await read(speed),
				...(fuelRate ? { fuelRateLph: await read(fuelRate) } : {}),
				...(maf ? { mafGs: await read(maf) } : {}),
				...(lambda ? { lambda: await read(lambda) } : {})
			},
			{ fuel }
		);
		return {
			report,
			channels: {
				speed: speed.name,
				fuelRate: fuelRate?.name ?? null,
				maf: maf?.name ?? null,
				lambda: lambda?.name ?? null
			}
		};
	} catch (err) {
		if (!(err instanceof AnalyticsInputError)) throw err;
		return { message: err.message };
	}
}
