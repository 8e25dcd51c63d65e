import type { ChannelInfo } from '$lib/live/live-pipeline';

/** Channels a tuner wants at a glance first; anything else stays one click away. */
const PRIORITY = [
	/rpm|engine ?speed/i,
	/throttle|tps/i,
	/boost|manifold|map/i,
	/lambda|afr/i,
	/coolant|clt/i,
	/exhaust|egt/i,
	/intake|iat/i,
	/knock.*max|max.*knock/i,
	/knock/i,
	/speed/i,
	/gear/i,
	/oil/i,
	/batt|volt/i
];

function rank(c: ChannelInfo): number {
	const i = PRIORITY.findIndex((re) => re.test(c.name));
	return i < 0 ? PRIORITY.length : i;
}

export function pickGauges(channels: readonly ChannelInfo[], count = 12): ChannelInfo[] {
	return [...channels]
		.filter((c) => rank(c) < PRIORITY.length)
		.sort((a, b) => rank(a) - rank(b))
		.slice(0, count);
}

export function pickCharts(channels: readonly ChannelInfo[], count = 4): string[] {
	return pickGauges(channels, count).map((c) => c.name);
}
