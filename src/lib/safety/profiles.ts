import type { BoundsRule } from './bounds';

/**
 * The first-check bounds a turbo petrol engine is held to, keyed by the channel names of common ECU broadcasts
 * (our simulated car's DBC uses them). Limits are conservative street-tune values: EGT past ≈950 °C erodes pistons
 * and turbine wheels, coolant past ≈110 °C nears boiling in a 1.1 bar system, and any sustained knock retard means
 * the tune is on the edge. Issue "Engine safety" replaces these with versioned, per-vehicle profiles.
 */
export const defaultBounds: readonly BoundsRule[] = [
	{
		channel: 'EngineSpeed',
		label: 'Engine speed',
		warnHigh: 7000,
		critHigh: 7400,
		hysteresis: 100
	},
	{ channel: 'BoostPressure', label: 'Boost', warnHigh: 160, critHigh: 180, hysteresis: 5 },
	{ channel: 'ExhaustGasTemp', label: 'EGT', warnHigh: 900, critHigh: 950, hysteresis: 10 },
	{ channel: 'CoolantTemp', label: 'Coolant', warnHigh: 105, critHigh: 110, hysteresis: 2 },
	{ channel: 'OilTemp', label: 'Oil temperature', warnHigh: 125, critHigh: 135, hysteresis: 2 },
	{ channel: 'IntakeAirTemp', label: 'Intake air', warnHigh: 60, critHigh: 70, hysteresis: 2 },
	{ channel: 'KnockRetardMax', label: 'Knock retard', warnHigh: 3, critHigh: 6, hysteresis: 0.5 },
	{
		channel: 'BatteryVoltage',
		label: 'Battery',
		warnLow: 12.0,
		critLow: 11.0,
		warnHigh: 15.0,
		critHigh: 15.5,
		hysteresis: 0.1
	}
];
