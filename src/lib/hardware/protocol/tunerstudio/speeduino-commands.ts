/**
 * Speeduino request payloads (protocols.md §6.2; speeduino comms.cpp processSerialCommand). Payload byte 0 is the
 * command letter; offsets and lengths are u16 little-endian because the ini says `endianness = little`. Byte 1 of
 * page commands is tsCanId (0 for the ECU on the USB port), byte 2 the page number as the ini's pageIdentifier gives
 * it (1-based).
 */
export const SPEEDUINO_COMMAND = {
	signature: 0x51, // 'Q'
	version: 0x53, // 'S'
	protocolVersion: 0x46, // 'F', always answered unframed: "002"
	commsTest: 0x43, // 'C'
	capabilities: 0x66, // 'f'
	outputChannels: 0x72, // 'r'
	pageRead: 0x70, // 'p'
	pageWrite: 0x4d, // 'M'
	burn: 0x62, // 'b'
	pageCrc: 0x64 // 'd'
} as const;

/**
 * The command templates speeduino.ini declares (pageIdentifier `\$tsCanId\xNN`, pageReadCommand, pageChunkWrite,
 * burnCommand, crc32CheckCommand, ochGetCommand), for definitions that leave one out.
 */
export const SPEEDUINO_TEMPLATES = {
	query: 'Q',
	versionInfo: 'S',
	pageRead: 'p%2i%2o%2c',
	pageWrite: 'M%2i%2o%2c%v',
	burn: 'b%2i',
	crc32Check: 'd%2i',
	outputChannels: 'r\\$tsCanId\\x30%2o%2c'
} as const;

/** A page identifier template: tsCanId then the page number byte. */
export function speeduinoPageIdentifier(page: number): string {
	return `\\$tsCanId\\x${byte(page, 'page').toString(16).padStart(2, '0')}`;
}

/** `r` sub-command that selects the output-channel block (comms.cpp SEND_OUTPUT_CHANNELS = 48). */
export const OUTPUT_CHANNELS_SUBCOMMAND = 0x30;
/** Bytes before the data in `p`, `M` and `r` payloads: letter, canId, page/sub-command, offset u16, length u16. */
export const PAGE_COMMAND_HEADER = 7;

export interface PageTarget {
	/** @default 0 */
	canId?: number;
	page: number;
}

export interface PageRange extends PageTarget {
	offset: number;
	length: number;
}

export function signatureRequest(): Uint8Array {
	return Uint8Array.of(SPEEDUINO_COMMAND.signature);
}

export function versionRequest(): Uint8Array {
	return Uint8Array.of(SPEEDUINO_COMMAND.version);
}

/** Sent bare (no envelope): the one command Speeduino answers unframed after legacy mode is locked out. */
export function protocolVersionRequest(): Uint8Array {
	return Uint8Array.of(SPEEDUINO_COMMAND.protocolVersion);
}

export function outputChannelsRequest(range: {
	canId?: number;
	offset: number;
	length: number;
}): Uint8Array {
	return header(
		SPEEDUINO_COMMAND.outputChannels,
		range.canId,
		OUTPUT_CHANNELS_SUBCOMMAND,
		range,
		0
	);
}

export function pageReadRequest(range: PageRange): Uint8Array {
	return header(SPEEDUINO_COMMAND.pageRead, range.canId, page(range.page), range, 0);
}

export function pageWriteRequest(
	target: PageTarget & { offset: number; data: Uint8Array }
): Uint8Array {
	const out = header(
		SPEEDUINO_COMMAND.pageWrite,
		target.canId,
		page(target.page),
		{ offset: target.offset, length: target.data.length },
		target.data.length
	);
	out.set(target.data, PAGE_COMMAND_HEADER);
	return out;
}

export function burnRequest(target: PageTarget): Uint8Array {
	return Uint8Array.of(SPEEDUINO_COMMAND.burn, canId(target.canId), page(target.page));
}

export function pageCrcRequest(target: PageTarget): Uint8Array {
	return Uint8Array.of(SPEEDUINO_COMMAND.pageCrc, canId(target.canId), page(target.page));
}

function header(
	letter: number,
	id: number | undefined,
	third: number,
	range: { offset: number; length: number },
	extra: number
): Uint8Array {
	const offset = u16(range.offset, 'offset');
	const length = u16(range.length, 'length');
	if (length === 0) throw new RangeError('length must be at least 1');
	if (offset + length > 0x10000)
		throw new RangeError(`offset ${offset} + length ${length} passes 65536`);
	const out = new Uint8Array(PAGE_COMMAND_HEADER + extra);
	out[0] = letter;
	out[1] = canId(id);
	out[2] = third;
	out[3] = offset & 0xff;
	out[4] = offset >> 8;
	out[5] = length & 0xff;
	out[6] = length >> 8;
	return out;
}

function canId(id = 0): number {
	return byte(id, 'canId');
}

function page(n: number): number {
	return byte(n, 'page');
}

function byte(n: number, what: string): number {
	if (!Number.isInteger(n)) throw new TypeError(`${what} must be an integer, got ${n}`);
	if (n < 0 || n > 0xff) throw new RangeError(`${what} must be 0…255, got ${n}`);
	return n;
}

function u16(n: number, what: string): number {
	if (!Number.isInteger(n)) throw new TypeError(`${what} must be an integer, got ${n}`);
	if (n < 0 || n > 0xffff) throw new RangeError(`${what} must be 0…65535, got ${n}`);
	return n;
}
