/** Which physical bus and message framing an ATSP protocol uses. */
export type ElmBusFamily = 'j1850' | 'iso9141' | 'kwp' | 'can';

/**
 * ATSP digits, the names ATDP prints and their bus (ELM327DSJ "AT SP h"; protocols.md §1.1). ISO 9141-2 and
 * ISO 14230-4 share the K-line but differ in header and init; J1850 uses its own wires.
 */
export const ELM_PROTOCOLS = {
	'1': { name: 'SAE J1850 PWM', family: 'j1850' },
	'2': { name: 'SAE J1850 VPW', family: 'j1850' },
	'3': { name: 'ISO 9141-2', family: 'iso9141' },
	'4': { name: 'ISO 14230-4 (KWP 5BAUD)', family: 'kwp' },
	'5': { name: 'ISO 14230-4 (KWP FAST)', family: 'kwp' },
	'6': { name: 'ISO 15765-4 (CAN 11/500)', family: 'can' },
	'7': { name: 'ISO 15765-4 (CAN 29/500)', family: 'can' },
	'8': { name: 'ISO 15765-4 (CAN 11/250)', family: 'can' },
	'9': { name: 'ISO 15765-4 (CAN 29/250)', family: 'can' },
	A: { name: 'SAE J1939 (CAN 29/250)', family: 'can' },
	B: { name: 'USER1 CAN (11* /125)', family: 'can' },
	C: { name: 'USER2 CAN (11* /50)', family: 'can' }
} as const satisfies Record<string, { name: string; family: ElmBusFamily }>;

export type ElmProtocolDigit = keyof typeof ELM_PROTOCOLS;

export function isElmProtocolDigit(digit: string): digit is ElmProtocolDigit {
	return Object.hasOwn(ELM_PROTOCOLS, digit);
}

/** The bus family of an ATSP digit; null for '0' (automatic) or anything else. */
export function protocolFamily(digit: string): ElmBusFamily | null {
	const d = digit.toUpperCase();
	return isElmProtocolDigit(d) ? ELM_PROTOCOLS[d].family : null;
}

/**
 * The protocol digit in an ATDPN answer: `A3` (found by the automatic search) or `3` (set). `0`/`A0` means the
 * search has not run yet, so there is no protocol: null.
 */
export function parseProtocolNumber(line: string): ElmProtocolDigit | null {
	const m = /^A?([0-9A-C])$/i.exec(line.trim());
	if (!m) return null;
	const digit = m[1].toUpperCase();
	return isElmProtocolDigit(digit) ? digit : null;
}
