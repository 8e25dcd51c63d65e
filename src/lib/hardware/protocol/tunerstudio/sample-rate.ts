import { ENVELOPE_OVERHEAD } from './envelope';
import { PAGE_COMMAND_HEADER } from './speeduino-commands';

export interface SampleRateInputs {
	/** Serial line rate. A native-USB ECU (Teensy, STM32 CDC) ignores it; pass its real byte rate × bitsPerByte. */
	baud: number;
	/** Realtime block size (`ochBlockSize`). */
	ochBlockSize: number;
	/** Most data bytes per reply; a bigger block takes several requests per sample. @default ochBlockSize */
	blockingFactor?: number;
	/** Request payload bytes. @default 7 (`r`, canId, 0x30, offset u16, length u16) */
	requestPayload?: number;
	/** Bits on the wire per byte. @default 10 (8N1: start, 8 data, stop) */
	bitsPerByte?: number;
	/** From the request's last byte to the reply's first: the ECU main loop has to come round to serial. @default 1 */
	ecuTurnaroundMs?: number;
	/** From the reply's last byte to the next request leaving the host: OS and USB-serial latency (an FTDI cable's
	 * latency timer is 16 ms unless lowered). @default 0 */
	hostTurnaroundMs?: number;
}

export interface SampleRateEstimate {
	/** Samples per second a back-to-back poll can reach. */
	hz: number;
	cycleMs: number;
	requestsPerSample: number;
	/** Bytes on the wire per sample, both directions, envelopes included. */
	requestBytes: number;
	responseBytes: number;
	wireMs: number;
	turnaroundMs: number;
	limitedBy: 'wire' | 'turnaround';
	/** One sentence for the user: where the time goes. */
	explanation: string;
}

/**
 * The polling rate a user should expect from a msEnvelope_1.0 ECU: every sample costs the request and the reply on
 * the wire (each wrapped in 6 envelope bytes, the reply with its return code) plus the turnarounds at both ends.
 * With speeduino.ini 202103 (117-byte block) at 115200 baud that is 13 + 124 = 137 bytes ≈ 11.9 ms, about 77 Hz with
 * a 1 ms ECU turnaround, and under 40 Hz once an FTDI cable's 16 ms latency timer is in the loop.
 */
export function expectedSampleRate(inputs: SampleRateInputs): SampleRateEstimate {
	const bitsPerByte = inputs.bitsPerByte ?? 10;
	const ecu = inputs.ecuTurnaroundMs ?? 1;
	const host = inputs.hostTurnaroundMs ?? 0;
	const requestPayload = inputs.requestPayload ?? PAGE_COMMAND_HEADER;
	const block = inputs.ochBlockSize;
	const factor = inputs.blockingFactor ?? block;
	positive(inputs.baud, 'baud');
	positive(block, 'ochBlockSize');
	positive(factor, 'blockingFactor');
	positive(bitsPerByte, 'bitsPerByte');
	if (!(ecu >= 0) || !(host >= 0) || !(requestPayload >= 1)) {
		throw new RangeError('turnarounds must be ≥ 0 and requestPayload ≥ 1');
	}
	const requests = Math.ceil(block / factor);
	const requestBytes = requests * (requestPayload + ENVELOPE_OVERHEAD);
	const responseBytes = block + requests * (1 + ENVELOPE_OVERHEAD);
	const wireMs = ((requestBytes + responseBytes) * bitsPerByte * 1000) / inputs.baud;
	const turnaroundMs = requests * (ecu + host);
	const cycleMs = wireMs + turnaroundMs;
	const hz = 1000 / cycleMs;
	const limitedBy = wireMs >= turnaroundMs ? 'wire' : 'turnaround';
	const explanation =
		`${block}-byte block: ${requestBytes} B out + ${responseBytes} B back = ${requestBytes + responseBytes} B, ` +
		`${wireMs.toFixed(1)} ms at ${inputs.baud} baud, + ${turnaroundMs.toFixed(1)} ms turnaround ` +
		`→ at most ${hz.toFixed(0)} Hz (${limitedBy === 'wire' ? 'the serial line is the limit' : 'turnaround latency is the limit'})`;
	return {
		hz,
		cycleMs,
		requestsPerSample: requests,
		requestBytes,
		responseBytes,
		wireMs,
		turnaroundMs,
		limitedBy,
		explanation
	};
}

function positive(n: number, what: string): void {
	if (!(n > 0) || !Number.isFinite(n))
		throw new RangeError(`${what} must be a positive number, got ${n}`);
}
