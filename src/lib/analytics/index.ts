// Analytics: pure functions over channels ({ t: µs Float64Array, v: Float32Array }), no storage, no DOM.
export { AnalyticsInputError } from './errors';
export type { Channel } from './channel';
export {
	airDensity,
	correctionFactor,
	DEFAULT_CONDITIONS,
	type AirConditions,
	type CorrectionStandard
} from './air-correction';
export {
	parseTyreSize,
	resolveVehicle,
	rpmPerKmh,
	type ResolvedVehicle,
	type VehicleProfile
} from './vehicle-profile';
export {
	curveAt,
	curveFromPoints,
	curvePeaks,
	powerFromTorque,
	recorrect,
	torqueFromPower,
	type CurvePeaks,
	type DynoCorrection,
	type DynoCurve,
	type DynoCurveMeta,
	type DynoPoint
} from './dyno-curve';
export type { DynoSettingsInput } from './dyno-settings';
export {
	computeForceDyno,
	computeVirtualDyno,
	type DynoLog,
	type ForceDynoLog,
	type ForceDynoOptions,
	type VirtualDynoOptions
} from './virtual-dyno';
export {
	DynoAccumulator,
	type DynoAccumulatorOptions,
	type DynoFeedSample
} from './dyno-accumulator';
export {
	detectPulls,
	type PullDetectInput,
	type PullDetectOptions,
	type PullSegment
} from './pull-detect';
export { savitzkyGolay, type SavitzkyGolayOptions } from './savitzky-golay';
export { FUELS, fuelRateFromMaf, type FuelKind } from './fuel';
export {
	computeFuelEconomy,
	type EconomyFigures,
	type EconomySegment,
	type FuelEconomyOptions,
	type FuelEconomyReport,
	type FuelLog
} from './fuel-economy';
export {
	summarizeChannel,
	summarizeLog,
	weightedPercentiles,
	type ChannelSummary,
	type SummaryOptions
} from './log-summary';
export { timeInZones, uniformEdges, type ZoneTable } from './operating-zones';
export {
	binByRpm,
	compareByRpm,
	compareCurves,
	deltaByTime,
	estimateOffset,
	type CurveComparison,
	type TimeOffset
} from './compare';
export { emptyStats, mergeStats, pushValue, variance, type RunningStats } from './running-stats';
export {
	accumulateCells,
	DEFAULT_GRID,
	logCells,
	mergeCells,
	type CellGrid,
	type CellKey,
	type LogCells
} from './operating-cells';
export { detectDrift, type DriftCell, type DriftFinding, type DriftOptions } from './drift';
