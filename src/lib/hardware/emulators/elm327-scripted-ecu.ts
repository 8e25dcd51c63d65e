import { canFrame, type CanFrame } from '../protocol/can-frame';
import type { CanBusSource } from './can-bus-source';

/** VIN the scripted ECU reports for 09 02 (SAE J1979 example format, 17 characters). */
export const SCRIPTED_VIN = '1D4GP00R55B123456';

/**
 * A tiny OBD ECU at 7E0/7E8 for driver and emulator tests: answers 01 00, 01 0C and 09 02 (multi-frame,
 * waiting for the tester's flow control as ISO 15765-2 §9.6.5 requires) `latencyUs` after the request.
 * Frames passed to `broadcast()` appear on the bus as background traffic.
 */
export class ScriptedEcuBus implements CanBusSource {
	readonly transmitted: CanFrame[] = [];
	silent = false;
	#due: CanFrame[] = [];
	#pendingCfs: Uint8Array[] = [];

	constructor(readonly latencyUs = 2000) {}

	broadcast(frames: CanFrame[]): void {
		this.#due.push(...frames);
		this.#due.sort((a, b) => a.timestampUs - b.timestampUs);
	}

	poll(nowUs: number): CanFrame[] {
		let n = 0;
		while (n < this.#due.length && this.#due[n].timestampUs <= nowUs) n++;
		return this.#due.splice(0, n);
	}

	transmit(frame: CanFrame, nowUs: number): void {
		this.transmitted.push(frame);
		if (this.silent) return;
		const d = frame.data;
		if (frame.id === 0x7e0 && d[0] >> 4 === 3) {
			this.#reply(nowUs, ...this.#pendingCfs.splice(0));
			return;
		}
		if (frame.id !== 0x7df && frame.id !== 0x7e0) return;
		if (d[0] >> 4 !== 0) return;
		const req = Array.from(d.subarray(1, 1 + (d[0] & 0x0f)));
		const key = req.map((b) => b.toString(16).padStart(2, '0')).join('');
		if (key === '0100') this.#reply(nowUs, pad([0x06, 0x41, 0x00, 0xbe, 0x1f, 0xa8, 0x13]));
		else if (key === '010c') this.#reply(nowUs, pad([0x04, 0x41, 0x0c, 0x1a, 0xf8]));
		else if (key === '0902') {
			const vin = [...SCRIPTED_VIN].map((c) => c.charCodeAt(0));
			const payload = [0x49, 0x02, 0x01, ...vin];
			this.#reply(nowUs, pad([0x10, payload.length, ...payload.slice(0, 6)]));
			this.#pendingCfs = [
				pad([0x21, ...payload.slice(6, 13)]),
				pad([0x22, ...payload.slice(13, 20)])
			];
		}
	}

	#reply(nowUs: number, ...datas: Uint8Array[]): void {
		datas.forEach((data, i) =>
			this.#due.push(canFrame({ id: 0x7e8, data, timestampUs: nowUs + this.latencyUs + i * 500 }))
		);
		this.#due.sort((a, b) => a.timestampUs - b.timestampUs);
	}
}

function pad(bytes: number[]): Uint8Array {
	const out = new Uint8Array(8);
	out.set(bytes);
	return out;
}
