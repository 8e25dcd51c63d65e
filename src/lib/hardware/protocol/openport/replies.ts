import { MAX_PACKET_BODY, VBATT_PIN, hasTimestamp } from './constants';

/**
 * OpenPort → host encoders: RX-stream packets and the `ar…` text replies (protocols.md §4). The emulator speaks
 * with them and tests build hand-written transcripts from them; the parser in rx-stream.ts is their inverse.
 */

const ascii = new TextEncoder();
const A = 0x61;
const R = 0x72;

export interface RxPacket {
	/** Protocol id of the channel (the ASCII digit after `ar`). */
	channel: number;
	type: number;
	/** Device clock, µs, low 32 bits; required unless the packet type carries none (K-line data). */
	timestampUs?: number;
	/** CAN / ISO 15765: the 4-byte BE CAN id + data (or only the id for indications). K-line: raw bytes. */
	data: Uint8Array;
}

/** `a r <ch> <len> <type> [<ts u32 BE>] <data>`; len counts the type byte, the timestamp and the data. */
export function encodeRxPacket(packet: RxPacket): Uint8Array {
	const { channel, type, data } = packet;
	if (!Number.isInteger(channel) || channel < 1 || channel > 9) {
		throw new RangeError(`channel must be 1–9, got ${channel}`);
	}
	if (!Number.isInteger(type) || type < 0 || type > 0xff) {
		throw new RangeError(`packet type must be a byte, got ${type}`);
	}
	const stamped = hasTimestamp(channel, type);
	const len = 1 + (stamped ? 4 : 0) + data.length;
	if (len > MAX_PACKET_BODY) {
		throw new RangeError(`packet body of ${len} bytes exceeds ${MAX_PACKET_BODY}; split the data`);
	}
	const out = new Uint8Array(4 + len);
	out[0] = A;
	out[1] = R;
	out[2] = 0x30 + channel;
	out[3] = len;
	out[4] = type;
	let at = 5;
	if (stamped) {
		const ts = packet.timestampUs;
		if (ts === undefined)
			throw new TypeError(`packet type 0x${type.toString(16)} needs a timestamp`);
		new DataView(out.buffer).setUint32(5, ts >>> 0);
		at = 9;
	}
	out.set(data, at);
	return out;
}

/** Most data bytes one packet of this channel and type can carry. */
export function packetCapacity(channel: number, type: number): number {
	return MAX_PACKET_BODY - 1 - (hasTimestamp(channel, type) ? 4 : 0);
}

/** `aro\r\n`: generic OK. */
export function encodeOk(): Uint8Array {
	return ascii.encode('aro\r\n');
}

/** `are <n>\r\n`: a J2534 error number (j2534.c parses the decimal at data + 4). */
export function encodeErrorReply(code: number): Uint8Array {
	checkUint(code, 'error code');
	return ascii.encode(`are ${code}\r\n`);
}

/** `arf<ch> <filterId>\r\n` (j2534.c PassThruStartMsgFilter takes the second space-separated word). */
export function encodeFilterReply(channel: number, filterId: number): Uint8Array {
	checkUint(filterId, 'filter id');
	return ascii.encode(`arf${channel} ${filterId}\r\n`);
}

/** `ari <firmware text>\r\n` (j2534.c PassThruReadVersion keeps what follows the last ':'). */
export function encodeInfoReply(text: string): Uint8Array {
	if (/[\r\n]/.test(text)) throw new TypeError('firmware text must be one line');
	return ascii.encode(`ari ${text}\r\n`);
}

/** `arg<ch> <param> <value>\r\n`. */
export function encodeConfigReply(channel: number, param: number, value: number): Uint8Array {
	checkUint(param, 'param');
	checkUint(value, 'value');
	return ascii.encode(`arg${channel} ${param} ${value}\r\n`);
}

/** `arr 16 <millivolts>\r\n`. */
export function encodeVoltageReply(millivolts: number, pin: number = VBATT_PIN): Uint8Array {
	checkUint(millivolts, 'millivolts');
	return ascii.encode(`arr ${pin} ${millivolts}\r\n`);
}

/**
 * `ary<ch> <n>\r\n` followed by the n bytes the ECU answered to the fast-init request. j2534.c reads n at data + 5
 * and copies that many bytes raw from the next bulk read; they are not wrapped in an `ar` packet.
 */
export function encodeFastInitReply(channel: number, response: Uint8Array): Uint8Array {
	if (response.length < 1) throw new RangeError('a fast init reply carries at least one byte');
	const head = ascii.encode(`ary${channel} ${response.length}\r\n`);
	const out = new Uint8Array(head.length + response.length);
	out.set(head);
	out.set(response, head.length);
	return out;
}

function checkUint(value: number, what: string): void {
	if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
		throw new RangeError(`${what} must be an unsigned 32-bit integer, got ${value}`);
	}
}
