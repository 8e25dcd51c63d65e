import type { AirConditions } from './air-correction';
import type { DynoCurve, DynoCurveMeta } from './dyno-curve';
import {
	RpmBins,
	finishCurve,
	roadLoad,
	torqueFromForce,
	torqueFromKinematics,
	type RoadLoad
} from './dyno-pipeline';
import {
	checkDynoSettings,
	fillConditions,
	windowSamples,
	type DynoSettings,
	type DynoSettingsInput
} from './dyno-settings';
import { AnalyticsInputError } from './errors';
import { givenRatio, type RatioChoice } from './gear-ratio';
import { StreamingSavitzkyGolay, UniformResampler } from './streaming-filter';
import { resolveVehicle, type ResolvedVehicle, type VehicleProfile } from './vehicle-profile';

/** One record of a live feed: a logged sample (kinematic) or a roller dyno's reading (force). */
export interface DynoFeedSample {
	tUs: number;
	rpm: number;
	/** Tractive force at the roller, N (force feeds). */
	forceN?: number;
	/** Roller surface speed, km/h (force feeds that report it). */
	speedKmh?: number;
}

export interface DynoAccumulatorOptions extends DynoSettingsInput {
	/**
	 * 'kinematic': the car's own rpm while it pulls on the road (or on an inertia roller, modelled as mass);
	 * 'force': a brake dyno streaming rpm and tractive force (serial or TCP), optionally roller speed.
	 */
	source: 'kinematic' | 'force';
	/** Required for kinematic runs; for force runs only when the feed lacks roller speed. */
	profile?: VehicleProfile;
	gear?: number;
	overallRatio?: number;
	conditions?: Partial<AirConditions>;
	/** Whether force samples carry speedKmh. @default false */
	withSpeed?: boolean;
	label?: string;
}

/** Grid for a live feed when none is given: 100 Hz covers the 20–200 Hz that dyno controllers stream at. */
const LIVE_GRID_US = 10_000;

/**
 * Builds a dyno run as samples arrive, for a live dyno screen. It runs the batch dyno's stages incrementally:
 * a uniform-grid resampler, a Savitzky–Golay filter that emits each grid point as soon as its window is full
 * (half a window, e.g. 0.4 s, behind the input) and rpm bins that only ever add. `snapshot()` draws the run so
 * far; `finish()` flushes the last half-window with the same edge fits the batch filter uses, so the final curve
 * equals computeVirtualDyno / computeForceDyno on the same samples and grid. Memory is one window per signal
 * plus one entry per rpm bin, however long the run.
 */
export class DynoAccumulator {
	private readonly settings: DynoSettings;
	private readonly source: 'kinematic' | 'force';
	private readonly vehicle: ResolvedVehicle | undefined;
	private readonly ratio: RatioChoice | undefined;
	private readonly load: RoadLoad | undefined;
	private readonly withSpeed: boolean;
	private readonly conditions: AirConditions;
	private readonly assumed: (keyof AirConditions)[];
	private readonly meta: DynoCurveMeta;
	private readonly input: Float64Array;
	private resampler!: UniformResampler;
	private filter!: StreamingSavitzkyGolay;
	private bins!: RpmBins;
	private finished = false;
	private startUs = NaN;
	private lastUs = NaN;

	constructor(options: DynoAccumulatorOptions) {
		if (!options || (options.source !== 'kinematic' && options.source !== 'force'))
			throw new TypeError(
				`DynoAccumulator source must be kinematic or force, got ${String(options?.source)}`
			);
		this.settings = checkDynoSettings({ gridUs: LIVE_GRID_US, ...options });
		this.source = options.source;
		this.vehicle = options.profile && resolveVehicle(options.profile);
		this.ratio = givenRatio(this.vehicle, options.gear, options.overallRatio);
		this.withSpeed = options.source === 'force' && options.withSpeed === true;
		const filled = fillConditions(
			Object.fromEntries(
				Object.entries(options.conditions ?? {}).filter(([, x]) => x !== undefined)
			) as Partial<AirConditions>
		);
		this.conditions = filled.conditions;
		this.assumed = filled.assumed;
		if (this.source === 'kinematic') {
			if (!this.vehicle || !this.ratio)
				throw new TypeError(
					'a kinematic DynoAccumulator needs a profile and a gear or overallRatio'
				);
			this.load = roadLoad(this.vehicle, this.ratio.overallRatio, this.conditions);
		} else if (!this.withSpeed && (!this.vehicle || !this.ratio)) {
			throw new TypeError(
				'a force DynoAccumulator needs withSpeed, or a profile and a gear or overallRatio'
			);
		}
		this.input = new Float64Array(this.fields);
		this.meta = {
			source: this.source === 'kinematic' ? 'virtual' : 'live',
			basis: this.settings.basis,
			label: options.label,
			gear: this.ratio?.gear,
			overallRatio: this.ratio?.overallRatio,
			ratioSource: this.ratio?.source
		};
		this.reset();
	}

	private get fields(): number {
		return this.source === 'kinematic' ? 1 : this.withSpeed ? 3 : 2;
	}

	/** Starts a new run with the same settings. */
	reset(): void {
		const gridUs = this.settings.gridUs ?? LIVE_GRID_US;
		const windowS = this.settings.windowS;
		const order = this.settings.order;
		this.bins = new RpmBins(this.settings.rpmStep);
		this.filter = new StreamingSavitzkyGolay({
			window: windowSamples(windowS, gridUs, order),
			order,
			spacing: gridUs / 1e6,
			fields: this.fields,
			emit: (_, value, slope) => this.point(value, slope)
		});
		this.resampler = new UniformResampler({
			dtUs: gridUs,
			fields: this.fields,
			emit: (_, values) => this.filter.push(values)
		});
		this.finished = false;
		this.startUs = NaN;
		this.lastUs = NaN;
	}

	/** Adds one sample. Samples with a non-finite field are skipped, as the batch path drops NaN samples. */
	push(sample: DynoFeedSample): void {
		if (this.finished)
			throw new AnalyticsInputError('sample', 'the run is finished; reset() to start another');
		this.input[0] = sample.rpm;
		if (this.source === 'force') {
			this.input[1] = sample.forceN ?? NaN;
			if (this.withSpeed) this.input[2] = sample.speedKmh ?? NaN;
		}
		for (let f = 0; f < this.input.length; f++) if (!Number.isFinite(this.input[f])) return;
		this.resampler.push(sample.tUs, this.input);
		if (Number.isNaN(this.startUs)) this.startUs = sample.tUs;
		this.lastUs = sample.tUs;
	}

	/** The run so far (lagging the input by half a smoothing window), or undefined while too short to draw. */
	snapshot(): DynoCurve | undefined {
		if (this.bins.points < 2) return undefined;
		try {
			return this.curve();
		} catch (e) {
			if (e instanceof AnalyticsInputError) return undefined;
			throw e;
		}
	}

	/** Flushes the tail and returns the finished run. */
	finish(): DynoCurve {
		if (!this.finished) {
			this.resampler.finish();
			this.filter.finish();
			this.finished = true;
		}
		return this.curve();
	}

	private curve(): DynoCurve {
		return finishCurve(this.bins, {
			settings: this.settings,
			vehicleEfficiency: this.vehicle?.efficiency ?? 1,
			conditions: this.conditions,
			assumed: this.assumed,
			meta: { ...this.meta, startUs: this.startUs, endUs: this.lastUs }
		});
	}

	private point(value: Float64Array, slope: Float64Array): void {
		const rpm = value[0];
		const torque =
			this.source === 'kinematic'
				? torqueFromKinematics(this.load!, rpm, slope[0])
				: torqueFromForce(
						value[1],
						rpm,
						this.withSpeed ? value[2] : undefined,
						this.ratio?.overallRatio,
						this.vehicle?.rollingRadiusM
					);
		this.bins.add(rpm, torque);
	}
}
