import type { CanFrame } from '../../protocol/can-frame';
import type { CanResponder } from './simulated-vehicle';

/**
 * The simulated ECU's protective-request input: the frames CarTech's safety actions send for this car. A real
 * integration maps each profile command to whatever that ECU accepts (a CAN request an aftermarket ECU listens
 * for, a TunerStudio or UDS command); this car listens on 0x3F0, byte 0 = 1 limp mode, 2 boost cut, as
 * simulated-car.dbc declares (message CarTech_Protect).
 */
export const PROTECT_REQUEST_ID = 0x3f0;

const CODES = { 'limp-mode': 1, 'boost-cut': 2 } as const;

export type SimulatedProtection = keyof typeof CODES;

export interface ReceivedProtection {
	command: SimulatedProtection;
	atUs: number;
}

/** Records every protective request that reached the car, so tests see the command arrive on the bus. */
export class ProtectionReceiver implements CanResponder {
	readonly received: ReceivedProtection[] = [];

	receive(frame: CanFrame, nowUs: number): undefined {
		if (frame.id !== PROTECT_REQUEST_ID || frame.extended || frame.data.length < 1) return;
		const command = (Object.keys(CODES) as SimulatedProtection[]).find(
			(c) => CODES[c] === frame.data[0]
		);
		if (command) this.received.push({ command, atUs: nowUs });
	}
}
