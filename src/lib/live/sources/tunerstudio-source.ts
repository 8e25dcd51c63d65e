import { TunerStudioAdapter, type TunerStudioPoll } from '../../hardware';
import type { EcuDefinition, TextValue } from '../../tune/ini';
import type { ChannelInfo } from '../live-pipeline';
import type { LiveSource, PolledChannels, SourceSink } from './live-source';

/**
 * Speeduino/rusEFI output-channel names as the rest of CarTech names them (simulated-car.dbc, the shipped safety
 * profiles), so one profile judges the same quantities whichever ECU reports them. Units come from the ECU's ini.
 */
const CANONICAL: Readonly<Record<string, string>> = {
	rpm: 'EngineSpeed',
	map: 'ManifoldPressure',
	tps: 'ThrottlePosition',
	coolant: 'CoolantTemp',
	iat: 'IntakeAirTemp',
	batteryVoltage: 'BatteryVoltage',
	advance: 'IgnitionAdvance',
	lambda: 'Lambda',
	vss: 'VehicleSpeed',
	gear: 'Gear',
	baro: 'BaroPressure',
	pulseWidth: 'InjectorPulseWidth'
};

export interface TunerStudioSourceOptions {
	adapter: TunerStudioAdapter;
	name: string;
	/** The serial rate, for the expected-rate readout (native-USB boards ignore it). */
	baudRate: number;
}

/** A TunerStudio-protocol ECU's output channels, polled back to back, as a live source. */
export class TunerStudioSource implements LiveSource {
	readonly kind = 'tunerstudio';
	readonly name: string;
	private readonly options: TunerStudioSourceOptions;
	private sink: SourceSink | undefined;
	private poll: TunerStudioPoll | undefined;
	/** ECU channel name → pipeline index. */
	private index = new Map<string, number>();

	constructor(options: TunerStudioSourceOptions) {
		if (!options?.adapter) throw new TypeError('TunerStudioSource needs a TunerStudioAdapter');
		this.options = options;
		this.name = options.name;
	}

	async open(sink: SourceSink): Promise<PolledChannels> {
		this.sink = sink;
		const adapter = this.options.adapter;
		const identity = await adapter.connect();
		// Computed channels (lambda from afr and stoich, injector duty) read the ECU's constants.
		await adapter.loadConstants();
		const channels = liveChannels(adapter.definition, new Set(adapter.unevaluatedChannels));
		this.index = new Map(channels.map((c, i) => [c.ecuName, i]));
		const rate = adapter.expectedRate({ baud: this.options.baudRate });
		return {
			channels: channels.map(({ ecuName: _, ...info }) => info),
			expectedRate: { hz: rate.hz, why: `${identity.signature}: ${rate.explanation}` }
		};
	}

	start(): void {
		if (this.poll || !this.sink) return;
		const indexes: number[] = [];
		const values: number[] = [];
		this.poll = this.options.adapter.startPolling({
			sample: (sample) => {
				indexes.length = 0;
				values.length = 0;
				for (const name in sample.values) {
					const i = this.index.get(name);
					if (i === undefined) continue;
					indexes.push(i);
					values.push(sample.values[name]);
				}
				this.sink?.round(sample.t, indexes, values);
			},
			closed: (reason) => {
				this.poll = undefined;
				if (reason) {
					this.sink?.closed(reason);
					this.sink = undefined;
				}
			}
		});
	}

	async close(): Promise<void> {
		await this.poll?.stop();
		this.poll = undefined;
		await this.options.adapter.close().catch(() => {});
		this.sink?.closed(null);
		this.sink = undefined;
	}
}

function liveChannels(
	definition: EcuDefinition,
	unevaluated: ReadonlySet<string>
): (ChannelInfo & { ecuName: string })[] {
	const seen = new Set<string>();
	const out: (ChannelInfo & { ecuName: string })[] = [];
	for (const ch of definition.outputChannels.channels) {
		// An ini may define a name twice under #if branches; the reader kept one, and so do we.
		if (unevaluated.has(ch.name) || seen.has(ch.name)) continue;
		seen.add(ch.name);
		const unit = ch.kind === 'bits' ? '' : text(ch.units);
		out.push({ ecuName: ch.name, name: CANONICAL[ch.name] ?? ch.name, unit });
	}
	return out;
}

function text(value: TextValue | undefined): string {
	return typeof value === 'string' ? value : '';
}
