import { MAX_PIDS_PER_REQUEST, pidDefinition, type ElmBusFamily } from '../../hardware';
import type { ChannelInfo } from '../live-pipeline';

/**
 * Service-01 readings named as the rest of CarTech names them (simulated-car.dbc, the shipped safety profiles),
 * so a profile written for an aftermarket ECU broadcast judges the same quantities read over OBD-II.
 */
const CANONICAL: Readonly<Record<string, string>> = {
	engineRpm: 'EngineSpeed',
	vehicleSpeed: 'VehicleSpeed',
	coolantTemp: 'CoolantTemp',
	intakeAirTemp: 'IntakeAirTemp',
	intakeManifoldPressure: 'ManifoldPressure',
	throttlePosition: 'ThrottlePosition',
	oilTemp: 'OilTemp',
	controlModuleVoltage: 'BatteryVoltage',
	timingAdvance: 'IgnitionAdvance',
	barometricPressure: 'BaroPressure',
	engineLoad: 'EngineLoad'
};

/** What a tuner watches first: the PIDs polled when the user picks none, as far as the car supports them. */
export const DEFAULT_OBD_PIDS = [0x0c, 0x0d, 0x05, 0x0b, 0x0f, 0x11, 0x04, 0x0e] as const;

export interface ObdChannelPlan {
	channels: ChannelInfo[];
	/** Channel index per `${pid}:${fieldKey}`. */
	index: Map<string, number>;
	/** PIDs per request: up to six on CAN (SAE J1979 §8.1), one on the K-line (the ELM sends them singly). */
	groups: number[][];
}

export function planObdChannels(pids: readonly number[], perRequest: number): ObdChannelPlan {
	const channels: ChannelInfo[] = [];
	const index = new Map<string, number>();
	const usable = pids.filter((pid) => pidDefinition(pid)?.fields?.length);
	for (const pid of usable) {
		for (const field of pidDefinition(pid)!.fields!) {
			index.set(`${pid}:${field.key}`, channels.length);
			channels.push({
				name: CANONICAL[field.key] ?? field.key,
				unit: field.unit,
				min: field.min,
				max: field.max
			});
		}
	}
	const size = Math.max(1, Math.min(MAX_PIDS_PER_REQUEST, perRequest));
	const groups: number[][] = [];
	for (let i = 0; i < usable.length; i += size) groups.push(usable.slice(i, i + size));
	return { channels, index, groups };
}

/**
 * The rate to expect from polling `groups` through an ELM327, and why (issue 3: "no tool tells users why they get
 * 15 Hz"). Each request costs its serial bytes both ways plus the ECU's answer time. On CAN an engine ECU answers
 * within a few ms and the ELM returns at once when told how many answers to expect; on the K-line ISO 14230-2 P3
 * puts at least 55 ms between one answer and the next request.
 */
export function expectedObdRate(options: {
	groups: number[][];
	baudRate: number;
	family: ElmBusFamily;
}): { hz: number; why: string } {
	const perRequestBytes = (group: number[]) => {
		const request = 3 + 3 * group.length + 2; // "01 0C 0D…" + count digit + CR
		const reply =
			4 + group.reduce((n, pid) => n + 3 * (1 + (pidDefinition(pid)?.bytes ?? 2)), 6) + 3;
		return request + reply;
	};
	const byteMs = 10_000 / options.baudRate;
	const kline = options.family === 'iso9141' || options.family === 'kwp';
	const ecuMs = options.family === 'can' ? 8 : kline ? 80 : 30;
	const roundMs = options.groups.reduce((ms, g) => ms + perRequestBytes(g) * byteMs + ecuMs, 0);
	const hz = roundMs > 0 ? 1000 / roundMs : 0;
	const requests = options.groups.length;
	const bus =
		options.family === 'can'
			? 'CAN answers in about 8 ms'
			: kline
				? 'the K-line needs about 80 ms per answer (ISO 14230-2 P2/P3 timing)'
				: 'J1850 needs about 30 ms per answer';
	return {
		hz,
		why:
			`${requests} request${requests === 1 ? '' : 's'} per round ` +
			`(${options.family === 'can' ? 'up to 6 PIDs each' : 'one PID each'}), ` +
			`${Math.round(roundMs)} ms per round at ${options.baudRate} baud; ${bus}`
	};
}
