import type { Endianness } from '../../../tune/ini';

export interface CommandArguments {
	/** `$tsCanId`. @default 0 */
	canId?: number;
	/** The page's identifier template (`pageIdentifier` entry), expanded for `%2i`. */
	pageIdentifier?: string;
	/** `%2o`. */
	offset?: number;
	/** `%2c`. */
	count?: number;
	/** `%v`. */
	values?: Uint8Array;
}

/**
 * Expands an .ini command template into request bytes (TunerStudio ini spec; protocols.md §6.2): literal ASCII,
 * `\xNN` bytes, `\$tsCanId` / `$tsCanId` → the CAN id byte, `%2i` → the page identifier, `%2o` / `%2c` → the offset
 * and count as u16 in the ini's endianness, `%v` → the values. So "r\$tsCanId\x30%2o%2c" with offset 0 and count 117
 * becomes 72 00 30 00 00 75 00.
 */
export function formatCommand(
	template: string,
	args: CommandArguments,
	endianness: Endianness = 'little'
): Uint8Array {
	const out: number[] = [];
	let i = 0;
	while (i < template.length) {
		const rest = template.slice(i);
		const hexByte = /^\\x([0-9a-fA-F]{2})/.exec(rest);
		if (hexByte) {
			out.push(parseInt(hexByte[1], 16));
			i += 4;
			continue;
		}
		const canId = /^\\?\$tsCanId/.exec(rest);
		if (canId) {
			const id = args.canId ?? 0;
			if (!Number.isInteger(id) || id < 0 || id > 0xff)
				throw new RangeError(`canId must be 0…255, got ${id}`);
			out.push(id);
			i += canId[0].length;
			continue;
		}
		if (rest.startsWith('%2i')) {
			if (args.pageIdentifier === undefined)
				throw new TypeError(`${template} needs a page identifier`);
			out.push(...formatCommand(args.pageIdentifier, { canId: args.canId }, endianness));
			i += 3;
			continue;
		}
		if (rest.startsWith('%2o') || rest.startsWith('%2c')) {
			const offset = rest[2] === 'o';
			const value = offset ? args.offset : args.count;
			if (value === undefined)
				throw new TypeError(`${template} needs ${offset ? 'an offset' : 'a count'}`);
			if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
				throw new RangeError(`${offset ? 'offset' : 'count'} must be 0…65535, got ${value}`);
			}
			out.push(
				...(endianness === 'little' ? [value & 0xff, value >> 8] : [value >> 8, value & 0xff])
			);
			i += 3;
			continue;
		}
		if (rest.startsWith('%v')) {
			if (!args.values) throw new TypeError(`${template} needs values`);
			for (const b of args.values) out.push(b);
			i += 2;
			continue;
		}
		if (rest[0] === '\\' && rest.length > 1) {
			out.push(rest.charCodeAt(1) & 0xff);
			i += 2;
			continue;
		}
		const code = template.charCodeAt(i);
		if (code > 0xff) throw new RangeError(`${template}: character ${template[i]} is not a byte`);
		if (rest[0] === '%')
			throw new TypeError(`${template}: unknown placeholder ${rest.slice(0, 3)}`);
		out.push(code);
		i++;
	}
	return Uint8Array.from(out);
}
