// The browser latency bench's vehicle: 8 messages × 8 one-byte signals (64 channels), each message at 1 kHz, so the
// bus carries 8,000 frames/s. Every channel is a sawtooth with its own phase, so thresholds are crossed all the time
// and the safety engine emits verdicts throughout the run, not in bursts.
import type { CanBusSource } from '../../src/lib/hardware/emulators/can-bus-source';
import { canFrame, type CanFrame } from '../../src/lib/hardware/protocol/can-frame';
import { parseProfile, type SafetyProfile } from '../../src/lib/safety';

export const MESSAGES = 8;
export const SIGNALS_PER_MESSAGE = 8;
export const CHANNELS = MESSAGES * SIGNALS_PER_MESSAGE;
export const MESSAGE_RATE_HZ = 1000;
export const FRAMES_PER_SECOND = MESSAGES * MESSAGE_RATE_HZ;
const FIRST_ID = 0x100;
/** One ramp 0 → 255 per channel; phases are spread evenly over it. */
const SAWTOOTH_PERIOD_US = 200_000;
export const WARN_HIGH = 200;
export const CRIT_HIGH = 230;
const HYSTERESIS = 5;
/** Frames of successive messages are spread evenly over each millisecond, as free-running ECUs drift apart. */
const FRAME_SPACING_US = 1e6 / FRAMES_PER_SECOND;

export const channelName = (c: number) => `Ch${String(c).padStart(2, '0')}`;

/** Channel `c`'s raw byte at `tUs` µs after the bus started. */
export function sawtooth(c: number, tUs: number): number {
	const x = (tUs / SAWTOOTH_PERIOD_US + c / CHANNELS) % 1;
	return Math.floor(x * 256);
}

/**
 * Frames are produced lazily from the poll clock: a poll returns every frame due since the previous one, with
 * whole-µs timestamps on the bus's 125 µs grid. The first poll starts the bus.
 */
export class SawtoothBus implements CanBusSource {
	#startUs = -1;
	#next = 0;

	poll(nowUs: number): CanFrame[] {
		if (this.#startUs < 0) this.#startUs = Math.floor(nowUs);
		const frames: CanFrame[] = [];
		for (;;) {
			const offsetUs = Math.round(this.#next * FRAME_SPACING_US);
			const tUs = this.#startUs + offsetUs;
			if (tUs > nowUs) break;
			const m = this.#next % MESSAGES;
			const data = new Uint8Array(SIGNALS_PER_MESSAGE);
			for (let s = 0; s < SIGNALS_PER_MESSAGE; s++)
				data[s] = sawtooth(m * SIGNALS_PER_MESSAGE + s, offsetUs);
			frames.push(canFrame({ id: FIRST_ID + m, data, timestampUs: tUs }));
			this.#next++;
		}
		return frames;
	}

	transmit(): void {
		// A pure broadcaster: nothing on this bus answers.
	}
}

/** The DBC the worker decodes with: one `ChNN` byte per signal, little-endian, and the 1 ms cycle time. */
export function sawtoothDbc(): string {
	const lines = ['VERSION ""', '', 'NS_ :', '\tBA_DEF_', '\tBA_', '\tBA_DEF_DEF_', '', 'BS_:', ''];
	lines.push('BU_: Bench Logger', '');
	for (let m = 0; m < MESSAGES; m++) {
		lines.push(`BO_ ${FIRST_ID + m} Bench${m}: 8 Bench`);
		for (let s = 0; s < SIGNALS_PER_MESSAGE; s++) {
			const name = channelName(m * SIGNALS_PER_MESSAGE + s);
			lines.push(` SG_ ${name} : ${s * 8}|8@1+ (1,0) [0|255] "" Logger`);
		}
		lines.push('');
	}
	lines.push('BA_DEF_ BO_ "GenMsgCycleTime" INT 0 65535;', 'BA_DEF_DEF_ "GenMsgCycleTime" 0;');
	for (let m = 0; m < MESSAGES; m++)
		lines.push(`BA_ "GenMsgCycleTime" BO_ ${FIRST_ID + m} ${1000 / MESSAGE_RATE_HZ};`);
	return lines.join('\n') + '\n';
}

/** One bounds rule per channel with warn, critical and hysteresis, validated as a stored profile would be. */
export function sawtoothProfile(): SafetyProfile {
	return parseProfile({
		id: 'browser-bench',
		name: 'Browser latency bench (64 sawtooth channels)',
		version: 1,
		actions: { warn: [{ kind: 'alarm' }], critical: [{ kind: 'alarm' }, { kind: 'mark-log' }] },
		watchdog: { factor: 5, minLostMs: 50, startupGraceMs: 2000, lostLevel: 'warn' },
		rules: Array.from({ length: CHANNELS }, (_, c) => ({
			kind: 'bounds',
			id: `bounds-${channelName(c)}`,
			label: channelName(c),
			channel: channelName(c),
			warnHigh: WARN_HIGH,
			critHigh: CRIT_HIGH,
			hysteresis: HYSTERESIS
		}))
	});
}
