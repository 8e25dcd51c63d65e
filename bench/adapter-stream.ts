// Shared by the adapter benches: a bus of `total` frames 100 µs apart, and a loop that pumps an emulator through a
// driver into a counting sink, printing frames/s.
import type { CanAdapter } from '../src/lib/hardware/adapters/can-adapter';
import type { CanBusSource } from '../src/lib/hardware/emulators/can-bus-source';
import { canFrame, type CanFrame } from '../src/lib/hardware/protocol/can-frame';

export function busOfFrames(total: number): CanBusSource {
	const due: CanFrame[] = Array.from({ length: total }, (_, i) =>
		canFrame({ id: 0x100 + (i % 64), data: new Uint8Array(8), timestampUs: i * 100 })
	);
	let next = 0;
	return {
		poll: (now) => {
			const start = next;
			while (next < due.length && due[next].timestampUs <= now) next++;
			return due.slice(start, next);
		},
		transmit: () => {}
	};
}

export interface StreamRig {
	label: string;
	total: number;
	adapter: CanAdapter;
	/** Moves the emulator's clock to `nowUs` and delivers what is due. */
	pump(nowUs: number): void;
	/** Advances the clock the emulator and driver share. */
	setNow(nowUs: number): void;
}

export async function measureStream(rig: StreamRig): Promise<void> {
	let received = 0;
	await rig.adapter.open({}, { frame: () => received++, closed: () => {} });
	let now = 0;
	const t0 = performance.now();
	while (received < rig.total) {
		now += 10_000;
		rig.setNow(now);
		rig.pump(now);
		await new Promise((r) => setImmediate(r));
	}
	const ms = performance.now() - t0;
	console.log(
		`emulator → ${rig.label} → sink: ${((rig.total / ms) * 1000).toFixed(0)} frames/s (${rig.total} frames, ${ms.toFixed(0)} ms)`
	);
	await rig.adapter.close();
}
