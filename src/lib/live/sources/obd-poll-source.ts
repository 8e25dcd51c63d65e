import {
	AdapterDisconnectedError,
	AdapterError,
	type Elm327Adapter,
	type Elm327InitOptions
} from '../../hardware';
import { discoverPids, readPids } from '../../hardware/diagnostics/obd-session';
import type { ObdRequester } from '../../hardware/diagnostics/obd-requester';
import type { LiveSource, PolledChannels, SourceSink } from './live-source';
import {
	DEFAULT_OBD_PIDS,
	expectedObdRate,
	planObdChannels,
	type ObdChannelPlan
} from './obd-channels';

export interface ObdPollSourceOptions {
	adapter: Elm327Adapter;
	name: string;
	/** The serial rate, for the expected-rate readout. */
	baudRate: number;
	/** Service-01 PIDs to poll; those the car does not support are left out. @default DEFAULT_OBD_PIDS */
	pids?: readonly number[];
	init?: Elm327InitOptions;
	/** Host clock in µs. @default performance.now() × 1000 */
	clock?: () => number;
	/** Failed rounds in a row before the source gives up. @default 5 */
	maxConsecutiveErrors?: number;
}

/**
 * OBD-II PIDs polled through an ELM327/STN as a live source. Polling and diagnostic requests (VIN, DTCs) share the
 * one adapter, so both go through `exclusive`, one request at a time, and a diagnostic request waits at most one
 * poll request.
 */
export class ObdPollSource implements LiveSource {
	readonly kind = 'elm327';
	readonly name: string;
	private readonly options: ObdPollSourceOptions;
	private readonly clock: () => number;
	private plan: ObdChannelPlan | undefined;
	private sink: SourceSink | undefined;
	private running = false;
	private loop: Promise<void> | undefined;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(options: ObdPollSourceOptions) {
		if (!options?.adapter) throw new TypeError('ObdPollSource needs an Elm327Adapter');
		if (!(options.baudRate > 0)) throw new TypeError('ObdPollSource needs the serial baudRate');
		this.options = options;
		this.name = options.name;
		this.clock = options.clock ?? (() => performance.now() * 1000);
	}

	async open(sink: SourceSink): Promise<PolledChannels> {
		this.sink = sink;
		const adapter = this.options.adapter;
		await adapter.initialize(this.options.init);
		const supported = new Set([...(await discoverPids(adapter)).values()].flat());
		const wanted = (this.options.pids ?? DEFAULT_OBD_PIDS).filter((pid) => supported.has(pid));
		const family = adapter.protocol?.family ?? 'can';
		this.plan = planObdChannels(wanted, family === 'can' ? 6 : 1);
		return {
			channels: this.plan.channels,
			expectedRate: expectedObdRate({
				groups: this.plan.groups,
				baudRate: this.options.baudRate,
				family
			})
		};
	}

	start(): void {
		if (this.running || !this.plan) return;
		this.running = true;
		this.loop = this.poll(this.plan);
	}

	/** Runs `task` between poll requests, with the adapter to itself (diagnostics: VIN, DTCs, freeze frame). */
	exclusive<T>(task: (obd: ObdRequester) => Promise<T>): Promise<T> {
		const run = this.queue.then(() => task(this.options.adapter));
		this.queue = run.catch(() => {});
		return run;
	}

	async close(): Promise<void> {
		this.running = false;
		await this.loop?.catch(() => {});
		await this.options.adapter.close().catch(() => {});
		this.sink?.closed(null);
		this.sink = undefined;
	}

	private async poll(plan: ObdChannelPlan): Promise<void> {
		// After the first round we know how many ECUs answer; passing that count lets the ELM return at once instead of
		// waiting out ATST for more answers (ELM327DSJ "Response count", protocols.md §1.2).
		const expected = new Map<number, number>();
		const maxErrors = this.options.maxConsecutiveErrors ?? 5;
		let errors = 0;
		while (this.running) {
			const indexes: number[] = [];
			const values: number[] = [];
			try {
				for (const [g, group] of plan.groups.entries()) {
					const answers = await this.exclusive((obd) => readPids(obd, group, expected.get(g)));
					expected.set(g, Math.min(answers.length, 0xf));
					// The engine ECU (lowest id on ISO 15765-4) speaks for the car when several answer.
					for (const value of answers[0]?.values ?? []) {
						for (const reading of value.readings) {
							const i = plan.index.get(`${value.pid}:${reading.key}`);
							if (i === undefined) continue;
							indexes.push(i);
							values.push(reading.value);
						}
					}
				}
				errors = 0;
				if (this.running && indexes.length) this.sink?.round(this.clock(), indexes, values);
			} catch (err) {
				if (!this.running) return;
				const error =
					err instanceof AdapterError
						? err
						: new AdapterError(String(err), 'elm327', { cause: err });
				if (error instanceof AdapterDisconnectedError || ++errors >= maxErrors) {
					this.running = false;
					this.sink?.closed(error);
					this.sink = undefined;
					return;
				}
			}
		}
	}
}
