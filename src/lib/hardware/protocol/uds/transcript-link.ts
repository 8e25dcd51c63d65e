import { fromHex, hex } from './bytes';
import { UdsLinkTimeoutError, type UdsLink } from './link';

/** The transcript and the traffic disagreed: an unexpected request, a missing one, or leftover lines. */
export class TranscriptMismatchError extends Error {
	override name = 'TranscriptMismatchError';
}

interface Step {
	direction: '=>' | '<=';
	bytes: Uint8Array;
	delayMs: number;
	line: number;
}

export interface TranscriptLinkOptions {
	/** When false the link never settles on silence, to exercise a client's own deadline. @default true */
	honourTimeouts?: boolean;
	/** Whether to offer `send` (no-wait requests) and `receive`. @default true */
	send?: boolean;
	receive?: boolean;
}

export interface TranscriptLink extends UdsLink {
	/** Throws TranscriptMismatchError if any exchange went wrong or the script has unplayed lines. */
	assertDone(): void;
}

/**
 * A scripted ECU in the ledgerjs RecordStore style (STYLE R16): `=> 22 F1 90` is the request the tester must send
 * next, `<= 62 F1 90 …` a response the ECU gives, `<= +4000ms 62 …` one it gives after a delay. A request with no
 * `<=` after it meets silence. `#` starts a comment.
 */
export function createTranscriptLink(
	transcript: string,
	options: TranscriptLinkOptions = {}
): TranscriptLink {
	const steps = parseTranscript(transcript);
	const honourTimeouts = options.honourTimeouts ?? true;
	let next = 0;
	const failures: string[] = [];

	function fail(message: string): never {
		failures.push(message);
		throw new TranscriptMismatchError(message);
	}

	function expectRequest(payload: Uint8Array): void {
		const step = steps[next];
		if (!step) fail(`unexpected request after the end of the transcript: => ${hex(payload)}`);
		if (step.direction !== '=>') {
			fail(
				`line ${step.line}: expected the ECU to answer ${hex(step.bytes)}, got request => ${hex(payload)}`
			);
		}
		if (hex(step.bytes) !== hex(payload)) {
			fail(`line ${step.line}: expected => ${hex(step.bytes)}, got => ${hex(payload)}`);
		}
		next++;
	}

	function awaitResponse(timeoutMs: number): Promise<Uint8Array> {
		const step = steps[next];
		return new Promise((resolve, reject) => {
			if (step?.direction === '<=') {
				next++;
				if (step.delayMs <= timeoutMs || !honourTimeouts) {
					setTimeout(() => resolve(step.bytes.slice()), step.delayMs);
					return;
				}
			}
			if (honourTimeouts) {
				setTimeout(
					() => reject(new UdsLinkTimeoutError(`no response within ${timeoutMs} ms`)),
					timeoutMs
				);
			}
		});
	}

	const link: TranscriptLink = {
		async request(payload, { timeoutMs }) {
			expectRequest(payload);
			return awaitResponse(timeoutMs);
		},
		assertDone() {
			if (failures.length > 0) throw new TranscriptMismatchError(failures.join('\n'));
			if (next < steps.length) {
				const rest = steps.slice(next).map((s) => `line ${s.line}: ${s.direction} ${hex(s.bytes)}`);
				throw new TranscriptMismatchError(`unplayed transcript lines:\n${rest.join('\n')}`);
			}
		}
	};
	if (options.receive ?? true) link.receive = async ({ timeoutMs }) => awaitResponse(timeoutMs);
	if (options.send ?? true) link.send = async (payload) => expectRequest(payload);
	return link;
}

function parseTranscript(transcript: string): Step[] {
	const steps: Step[] = [];
	transcript.split('\n').forEach((raw, index) => {
		const text = raw.replace(/#.*$/, '').trim();
		if (text === '') return;
		const match = /^(=>|<=)\s*(?:\+(\d+)ms\s+)?([0-9a-fA-F\s]*)$/.exec(text);
		if (!match) throw new SyntaxError(`transcript line ${index + 1}: cannot read "${raw.trim()}"`);
		const [, direction, delay, bytes] = match;
		if (direction === '=>' && delay) {
			throw new SyntaxError(`transcript line ${index + 1}: only responses take a delay`);
		}
		steps.push({
			direction: direction as Step['direction'],
			bytes: fromHex(bytes),
			delayMs: delay ? Number(delay) : 0,
			line: index + 1
		});
	});
	return steps;
}
