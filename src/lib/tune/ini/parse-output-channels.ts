import { DATA_TYPES } from './data-types';
import { IniParseError } from './errors';
import { FieldCursor, bitRange } from './field-values';
import { splitFields } from './fields';
import type { IniEntry } from './ini-lines';
import type { OutputChannel, OutputChannels } from './model';

export interface OutputChannelsSection extends OutputChannels {
	/** `ochGetCommand`, raw. */
	command?: string;
}

/**
 * Reads [OutputChannels]: `ochGetCommand`, `ochBlockSize`, scalar and bits channels (offsets index the realtime
 * block after the return code, protocols.md §6.3) and `name = { expr }` computed channels, kept unevaluated.
 */
export function parseOutputChannels(
	entries: IniEntry[],
	defines: ReadonlyMap<string, string>,
	onWarning: (message: string, line: number) => void
): OutputChannelsSection {
	let blockSize: { value: number; line: number } | null = null;
	let command: string | undefined;
	const channels: { channel: OutputChannel; line: number }[] = [];
	for (const entry of entries) {
		const fields = splitFields(entry.value, entry.line);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		const first = fields[0];
		const name = entry.key;
		if (name === 'ochBlockSize') {
			blockSize = { value: cursor.integer('a block size'), line: entry.line };
		} else if (name === 'ochGetCommand') {
			if (first?.kind !== 'string') cursor.fail('expected a quoted command');
			command = first.raw;
		} else if (first?.kind === 'expression') {
			cursor.next();
			const units = cursor.done ? undefined : cursor.text('');
			channels.push({
				channel: {
					kind: 'computed',
					name,
					expression: { kind: 'expression', source: first.source },
					...(units === undefined ? {} : { units })
				},
				line: entry.line
			});
		} else if (first?.kind === 'word' && first.text === 'scalar') {
			cursor.next();
			const type = cursor.dataType();
			const offset = cursor.integer('an offset');
			const units = cursor.text('');
			const scale = cursor.numeric(1);
			const translate = cursor.numeric(0);
			channels.push({
				channel: { kind: 'scalar', name, type, offset, units, scale, translate },
				line: entry.line
			});
		} else if (first?.kind === 'word' && first.text === 'bits') {
			cursor.next();
			const type = cursor.dataType();
			const offset = cursor.integer('an offset');
			const { low, high } = bitRange(cursor.shape('a bit range'), cursor);
			if (high >= DATA_TYPES[type].size * 8) cursor.fail(`bit ${high} is outside a ${type}`);
			const options = cursor.options(defines);
			channels.push({
				channel: { kind: 'bits', name, type, offset, low, high, options },
				line: entry.line
			});
		} else {
			onWarning(`[OutputChannels] ${name}: not a channel this reader knows; skipped`, entry.line);
		}
	}
	if (!blockSize) {
		if (channels.some((c) => c.channel.kind !== 'computed')) {
			throw new IniParseError('[OutputChannels] has channels but no ochBlockSize', 0);
		}
		return { blockSize: 0, channels: [], command };
	}
	for (const { channel, line } of channels) {
		if (channel.kind === 'computed') continue;
		const end = channel.offset + DATA_TYPES[channel.type].size;
		if (end > blockSize.value) {
			throw new IniParseError(
				`${channel.name} ends at byte ${end}, past ochBlockSize ${blockSize.value}`,
				line
			);
		}
	}
	return { blockSize: blockSize.value, channels: channels.map((c) => c.channel), command };
}
