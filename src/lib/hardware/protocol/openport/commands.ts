import {
	J2534Filter,
	MAX_FILTER_BYTES,
	PM_DATA_LEN,
	VBATT_PIN,
	type J2534FilterType
} from './constants';

/**
 * Host → OpenPort command encoders (protocols.md §4, j2534.c). Every command is an ASCII line ending `\r\n`;
 * `att`, `atf` and `aty` carry their raw bytes straight after the line. Numbers are decimal (`%lu`).
 * Encoders throw TypeError/RangeError for values the device could not represent, so nothing odd reaches the wire.
 */

const ascii = new TextEncoder();

function line(text: string, payload?: Uint8Array): Uint8Array<ArrayBuffer> {
	const head = ascii.encode(`${text}\r\n`);
	if (!payload || payload.length === 0) return head;
	const out = new Uint8Array(head.length + payload.length);
	out.set(head);
	out.set(payload, head.length);
	return out;
}

/** PassThruOpen: two blank lines resynchronise the command parser, then `ati` asks for `ari <firmware>`. */
export function encodeIdentify(): Uint8Array<ArrayBuffer> {
	return line('\r\n\r\nati');
}

/** PassThruOpen, second step: `ata` opens the J2534 interface; the device answers `aro`. */
export function encodeOpenInterface(): Uint8Array<ArrayBuffer> {
	return line('ata');
}

/** PassThruClose: `atz`. */
export function encodeCloseInterface(): Uint8Array<ArrayBuffer> {
	return line('atz');
}

/** PassThruConnect: `ato<protocol> <flags> <baud> 0`; the channel id is the protocol id. */
export function encodeConnect(
	protocol: number,
	flags: number,
	baud: number
): Uint8Array<ArrayBuffer> {
	checkChannel(protocol);
	checkU32(flags, 'flags');
	if (!Number.isInteger(baud) || baud < 1 || baud > 0xffff_ffff) {
		throw new RangeError(`baud must be a positive integer, got ${baud}`);
	}
	return line(`ato${protocol} ${flags} ${baud} 0`);
}

/** PassThruDisconnect: `atc<ch>`. */
export function encodeDisconnect(channel: number): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	return line(`atc${channel}`);
}

/**
 * PassThruWriteMsgs: `att<ch> <DataSize> <TxFlags>` + the message bytes. For CAN and ISO 15765 the bytes are the
 * 4-byte big-endian CAN id followed by the payload; for K-line they are the raw message.
 */
export function encodeWriteMessage(
	channel: number,
	data: Uint8Array,
	txFlags: number
): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	checkU32(txFlags, 'txFlags');
	checkSize(data, 'message', 1, PM_DATA_LEN);
	return line(`att${channel} ${data.length} ${txFlags}`, data);
}

export interface FilterSpec {
	type: J2534FilterType;
	/** TxFlags of the mask and pattern messages (e.g. CAN_29BIT_ID, ISO15765_FRAME_PAD). */
	txFlags: number;
	mask: Uint8Array;
	pattern: Uint8Array;
	/** FLOW_CONTROL filters only: the id (and address byte) our flow control frames go out with. */
	flowControl?: Uint8Array;
}

/**
 * PassThruStartMsgFilter: `atf<ch> <FilterType> <TxFlags> <DataSize>` + mask + pattern [+ flow control], each
 * DataSize bytes. The device answers `arf<ch> <filterId>`. Rules from j2534.c: at most 12 bytes, mask and pattern
 * of equal size, and a flow-control message exactly when the type is FLOW_CONTROL.
 */
export function encodeStartFilter(channel: number, filter: FilterSpec): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	checkU32(filter.txFlags, 'txFlags');
	const { type, mask, pattern, flowControl } = filter;
	if (
		type !== J2534Filter.PASS &&
		type !== J2534Filter.BLOCK &&
		type !== J2534Filter.FLOW_CONTROL
	) {
		throw new TypeError(`filter type must be PASS (1), BLOCK (2) or FLOW_CONTROL (3), got ${type}`);
	}
	checkSize(mask, 'filter mask', 1, MAX_FILTER_BYTES);
	if (pattern.length !== mask.length) {
		throw new RangeError(`filter pattern has ${pattern.length} bytes, the mask ${mask.length}`);
	}
	const parts = [mask, pattern];
	if (type === J2534Filter.FLOW_CONTROL) {
		if (!flowControl || flowControl.length !== mask.length) {
			throw new RangeError(
				`a FLOW_CONTROL filter needs a ${mask.length}-byte flow control message`
			);
		}
		parts.push(flowControl);
	} else if (flowControl) {
		throw new TypeError('only FLOW_CONTROL filters take a flow control message');
	}
	const body = new Uint8Array(mask.length * parts.length);
	parts.forEach((part, i) => body.set(part, i * mask.length));
	return line(`atf${channel} ${type} ${filter.txFlags} ${mask.length}`, body);
}

/** PassThruStopMsgFilter: `atk<ch> <filterId>`. */
export function encodeStopFilter(channel: number, filterId: number): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	checkU32(filterId, 'filterId');
	return line(`atk${channel} ${filterId}`);
}

/** IOCTL GET_CONFIG: `atg<ch> <param>`; the device answers `arg<ch> <param> <value>`. */
export function encodeGetConfig(channel: number, param: number): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	checkU32(param, 'param');
	return line(`atg${channel} ${param}`);
}

/** IOCTL SET_CONFIG: `ats<ch> <param> <value>`. */
export function encodeSetConfig(
	channel: number,
	param: number,
	value: number
): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	checkU32(param, 'param');
	checkU32(value, 'value');
	return line(`ats${channel} ${param} ${value}`);
}

/** IOCTL READ_VBATT: `atr 16`; the device answers `arr 16 <millivolts>`. */
export function encodeReadVoltage(): Uint8Array<ArrayBuffer> {
	return line(`atr ${VBATT_PIN}`);
}

/**
 * IOCTL FAST_INIT (ISO 14230-2 §5.2.4.2.3 wake-up, then the StartCommunication request): `aty<ch> <len> 0` + the
 * request bytes. The device answers `ary<ch> <n>` followed by the ECU's n response bytes.
 */
export function encodeFastInit(channel: number, request: Uint8Array): Uint8Array<ArrayBuffer> {
	checkChannel(channel);
	// j2534.c PassThruIoctl FAST_INIT: 0 < len <= MAX_LEN (80).
	checkSize(request, 'fast init request', 1, 80);
	return line(`aty${channel} ${request.length} 0`, request);
}

/** The RX stream tags a channel with one ASCII digit, so channel ids are 1–9. */
function checkChannel(channel: number): void {
	if (!Number.isInteger(channel) || channel < 1 || channel > 9) {
		throw new RangeError(`channel (protocol id) must be 1–9, got ${channel}`);
	}
}

function checkU32(value: number, what: string): void {
	if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
		throw new RangeError(`${what} must be an unsigned 32-bit integer, got ${value}`);
	}
}

function checkSize(bytes: Uint8Array, what: string, min: number, max: number): void {
	if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
	if (bytes.length < min || bytes.length > max) {
		throw new RangeError(`${what} of ${bytes.length} bytes is outside ${min}–${max}`);
	}
}
