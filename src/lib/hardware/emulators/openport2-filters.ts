import { J2534ErrorCode, J2534Filter, J2534Protocol, MAX_FILTER_BYTES } from '../protocol/openport';

export interface EmulatedFilter {
	id: number;
	type: number;
	txFlags: number;
	mask: Uint8Array;
	pattern: Uint8Array;
	flowControl: Uint8Array | undefined;
}

/** J2534-1 allows ten filters per channel. */
export const MAX_FILTERS = 10;

/**
 * One channel's message filters as SAE J2534-1 defines them: a message is received when it matches a PASS filter
 * and no BLOCK filter, so a channel with no PASS filter receives nothing. A message matches when every filter
 * byte satisfies `(message[i] & mask[i]) === pattern[i]`; a message shorter than the filter never matches.
 * FLOW_CONTROL filters (ISO 15765 only) pair an ECU's response id with the id our flow control goes out on.
 * The error numbers for refused filters are this emulator's choice of J2534-1 meanings (unverified on hardware).
 */
export class FilterTable {
	readonly #protocol: number;
	readonly #filters = new Map<number, EmulatedFilter>();

	constructor(protocol: number) {
		this.#protocol = protocol;
	}

	get size(): number {
		return this.#filters.size;
	}

	/** The new filter's id, or a J2534 error number. */
	add(spec: Omit<EmulatedFilter, 'id'>): { id: number } | { error: number } {
		const { type, mask, pattern, flowControl } = spec;
		if (
			type !== J2534Filter.PASS &&
			type !== J2534Filter.BLOCK &&
			type !== J2534Filter.FLOW_CONTROL
		) {
			return { error: J2534ErrorCode.NOT_SUPPORTED };
		}
		if (mask.length < 1 || mask.length > MAX_FILTER_BYTES || pattern.length !== mask.length) {
			return { error: J2534ErrorCode.INVALID_MSG };
		}
		if (type === J2534Filter.FLOW_CONTROL) {
			if (this.#protocol !== J2534Protocol.ISO15765 || mask.length !== 4 || !flowControl) {
				return { error: J2534ErrorCode.INVALID_MSG };
			}
			for (const f of this.flowControlFilters()) {
				if (equal(f.pattern, pattern) || equal(f.flowControl!, flowControl)) {
					return { error: J2534ErrorCode.NOT_UNIQUE };
				}
			}
		}
		if (this.#filters.size >= MAX_FILTERS) return { error: J2534ErrorCode.EXCEEDED_LIMIT };
		let id = 0;
		while (this.#filters.has(id)) id++;
		this.#filters.set(id, { ...spec, id });
		return { id };
	}

	/** J2534 error number, or 0 when the filter was removed. */
	remove(id: number): number {
		return this.#filters.delete(id) ? 0 : J2534ErrorCode.INVALID_FILTER_ID;
	}

	get(id: number): EmulatedFilter | undefined {
		return this.#filters.get(id);
	}

	/** PASS and no BLOCK. */
	passes(message: Uint8Array): boolean {
		let pass = false;
		for (const f of this.#filters.values()) {
			if (f.type === J2534Filter.FLOW_CONTROL || !matches(f, message)) continue;
			if (f.type === J2534Filter.BLOCK) return false;
			pass = true;
		}
		return pass;
	}

	/** The FLOW_CONTROL filter whose pattern the message (4-byte id first) matches. */
	flowControlFor(message: Uint8Array): EmulatedFilter | undefined {
		for (const f of this.flowControlFilters()) if (matches(f, message)) return f;
		return undefined;
	}

	/** The FLOW_CONTROL filter that sends flow control on `id`: it names the ECU we talk to on that id. */
	flowControlSendingOn(id: Uint8Array): EmulatedFilter | undefined {
		for (const f of this.flowControlFilters()) if (equal(f.flowControl!, id)) return f;
		return undefined;
	}

	clear(): void {
		this.#filters.clear();
	}

	*flowControlFilters(): Iterable<EmulatedFilter> {
		for (const f of this.#filters.values()) if (f.type === J2534Filter.FLOW_CONTROL) yield f;
	}
}

function matches(f: EmulatedFilter, message: Uint8Array): boolean {
	if (message.length < f.mask.length) return false;
	for (let i = 0; i < f.mask.length; i++) {
		if ((message[i] & f.mask[i]) !== f.pattern[i]) return false;
	}
	return true;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}
