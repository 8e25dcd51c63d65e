import { ELM_PROTOCOLS, type ElmBusFamily, type ElmProtocolDigit } from '../protocol/elm327';

/** The protocol the ELM talks on: set by ATSPn, or found by the automatic search (ATDPN). */
export interface Elm327Protocol {
	digit: ElmProtocolDigit;
	family: ElmBusFamily;
	/** As ATDP names it, e.g. "ISO 9141-2". */
	name: string;
}

/**
 * What the driver knows about the ELM's protocol from the commands it sent: ATSP/ATTP with a digit set one;
 * ATSP0, ATSP Ah and a reset start a search whose result only ATDPN tells (protocols.md §1.1, python-OBD asks
 * it after the first 0100). The first request on a protocol also runs the search or the K-line bus init.
 */
export class Elm327ProtocolTracker {
	#digit: ElmProtocolDigit | null = null;
	#firstRequest = true;
	#searching = false;

	get protocol(): Elm327Protocol | null {
		const digit = this.#digit;
		return digit && { digit, ...ELM_PROTOCOLS[digit] };
	}

	/** The bus answers are read for; CAN until a protocol is known, as before there were others. */
	get family(): ElmBusFamily {
		return this.#digit ? ELM_PROTOCOLS[this.#digit].family : 'can';
	}

	/** The next request searches for the protocol or initialises the bus, so it may take seconds. */
	get firstRequest(): boolean {
		return this.#firstRequest;
	}

	/** Updates the state for a command the ELM accepted. */
	observe(command: string): void {
		const c = command.replace(/ /g, '').toUpperCase();
		const sp = /^AT[ST]P(A?)([0-9A-C])$/.exec(c);
		if (sp) {
			this.#searching = sp[1] === 'A' || sp[2] === '0';
			this.#digit = this.#searching ? null : (sp[2] as ElmProtocolDigit);
			this.#firstRequest = true;
		} else if (/^AT(Z|WS|D)$/.test(c)) {
			this.#digit = null;
			this.#searching = true;
			this.#firstRequest = true;
		} else if (c === 'ATPC') {
			// Protocol close: a K-line session ends and the next request initialises the bus again.
			this.#firstRequest = true;
		}
	}

	/** A request was answered. True when a search just settled, so ATDPN should be asked now. */
	answered(): boolean {
		this.#firstRequest = false;
		if (!this.#searching) return false;
		this.#searching = false;
		return true;
	}

	/** The ATDPN answer after a search; null (a clone without DPN) leaves answers read as CAN. */
	settle(digit: ElmProtocolDigit | null): void {
		if (digit) this.#digit = digit;
	}
}
