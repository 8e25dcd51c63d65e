import { canFrame, type CanFrame } from '../protocol/can-frame';
import { hex } from '../protocol/elm327/command';
import { formatFrameLine } from '../protocol/elm327/format';
import type { CanBusSource } from './can-bus-source';
import { acceptsResponse, type ElmSettings } from './elm327-device-settings';

export interface ObdContext {
	settings: ElmSettings;
	bus: CanBusSource;
	/** Device clock in µs. */
	now(): number;
	sleep(ms: number): Promise<void>;
	/** A host character arrived: the request stops (ELM327DSJ "STOPPED"). */
	aborted(): boolean;
	/** Prints one line plus the current line ending. */
	line(text: string): void;
	pollMs: number;
}

export type ObdOutcome = 'answered' | 'silent' | 'stopped';

const EXTENDED_PROTOCOLS = new Set(['7', '9']);

/** ISO 15765-4 §6.3: functional request ids 7DF / 18DB33F1 unless ATSH set one. */
function requestFrame(
	s: ElmSettings,
	protocol: string,
	bytes: Uint8Array,
	nowUs: number
): CanFrame {
	const extended = EXTENDED_PROTOCOLS.has(protocol);
	const header = s.txHeader ?? { id: extended ? 0x18db33f1 : 0x7df, extended };
	let data: Uint8Array;
	if (s.autoFormat) {
		// CAF1 adds the single-frame PCI and pads to 8 bytes, as ISO 15765-4 requires (protocols.md §7.1).
		data = new Uint8Array(8);
		data[0] = bytes.length;
		data.set(bytes, 1);
	} else {
		data = bytes.slice();
	}
	return canFrame({ id: header.id, extended: header.extended, data, timestampUs: nowUs });
}

/** The ECU's physical request id, where flow control goes (protocols.md §7.1). */
function flowControlId(id: number, extended: boolean): number {
	if (!extended) return id - 8;
	return 0x18da0000 | ((id & 0xff) << 8) | ((id >> 8) & 0xff);
}

interface RxState {
	expected: number;
	received: number;
}

/**
 * One request on a CAN protocol: transmit, then print answers as they arrive until ATST passes with no
 * further frame (the timer restarts on every frame), the expected count is reached, or the host interrupts.
 * With CAF1 a First Frame triggers the automatic `30 00 00` flow control (ATCFC1).
 */
export async function runCanRequest(
	ctx: ObdContext,
	protocol: string,
	bytes: Uint8Array,
	expected: number | null
): Promise<ObdOutcome> {
	const s = ctx.settings;
	ctx.bus.poll(ctx.now());
	ctx.bus.transmit(requestFrame(s, protocol, bytes, ctx.now()), ctx.now());
	const multi = new Map<number, RxState>();
	let complete = 0;
	let any = false;
	let deadline = ctx.now() + s.timeout * 4000;
	while (ctx.now() < deadline) {
		await ctx.sleep(ctx.pollMs);
		if (ctx.aborted()) return 'stopped';
		for (const f of ctx.bus.poll(ctx.now())) {
			if (f.extended !== EXTENDED_PROTOCOLS.has(protocol)) continue;
			if (!acceptsResponse(s, f.id, f.extended)) continue;
			any = true;
			deadline = ctx.now() + s.timeout * 4000;
			if (printFrame(ctx, f, multi)) complete++;
		}
		if (expected !== null && complete >= expected) break;
	}
	return any ? 'answered' : 'silent';
}

/** Prints a frame as the ELM does; true when it completed a message. */
function printFrame(ctx: ObdContext, f: CanFrame, multi: Map<number, RxState>): boolean {
	const s = ctx.settings;
	const header = s.headers ? { id: f.id, extended: f.extended } : null;
	const withDlc = (text: string) =>
		s.headers && s.dlc
			? text.replace(/^(\S+ ?)/, `$1${f.data.length}${s.spaces ? ' ' : ''}`)
			: text;
	if (!s.autoFormat) {
		ctx.line(withDlc(formatFrameLine(header, f.data, s.spaces)));
		return true;
	}
	const pci = f.data[0] >> 4;
	if (pci === 0) {
		const len = f.data[0] & 0x0f;
		const shown = s.headers ? f.data.subarray(0, 1 + len) : f.data.subarray(1, 1 + len);
		ctx.line(withDlc(formatFrameLine(header, shown, s.spaces)));
		return true;
	}
	if (pci === 1) {
		const length = ((f.data[0] & 0x0f) << 8) | f.data[1];
		multi.set(f.id, { expected: length, received: 6 });
		if (s.autoFlowControl) {
			const fc = new Uint8Array(8);
			fc[0] = 0x30;
			ctx.bus.transmit(
				canFrame({
					id: flowControlId(f.id, f.extended),
					extended: f.extended,
					data: fc,
					timestampUs: ctx.now()
				}),
				ctx.now()
			);
		}
		if (s.headers) ctx.line(withDlc(formatFrameLine(header, f.data, s.spaces)));
		else {
			ctx.line(hex(length, 3));
			ctx.line(`0:${s.spaces ? ' ' : ''}${formatFrameLine(null, f.data.subarray(2), s.spaces)}`);
		}
		return false;
	}
	if (pci === 2) {
		const rx = multi.get(f.id);
		if (s.headers) ctx.line(withDlc(formatFrameLine(header, f.data, s.spaces)));
		else
			ctx.line(
				`${hex(f.data[0] & 0x0f, 1)}:${s.spaces ? ' ' : ''}${formatFrameLine(null, f.data.subarray(1), s.spaces)}`
			);
		if (!rx) return false;
		rx.received += 7;
		if (rx.received < rx.expected) return false;
		multi.delete(f.id);
		return true;
	}
	ctx.line(withDlc(formatFrameLine(header, f.data, s.spaces)));
	return false;
}
