import type { CompiledDbc, CompiledMessage } from '../lib/hardware/protocol/dbc';
import type { CandumpFrame } from '../lib/logs/candump';

/** Formats decoded frames as text lines; `header` comes first (empty for JSON Lines). */
export interface DecodeFormatter {
	header: string;
	line(frame: CandumpFrame, message: CompiledMessage, values: Float64Array): string;
}

export function canIdText(id: number, extended: boolean): string {
	return id
		.toString(16)
		.toUpperCase()
		.padStart(extended ? 8 : 3, '0');
}

function seconds(timestampUs: number): number {
	return timestampUs / 1e6;
}

/** `{t, id, message, signals}` per frame; signals not present in the frame (an unselected multiplex branch) are left out. */
export function jsonlFormatter(dbc: CompiledDbc): DecodeFormatter {
	return {
		header: '',
		line(frame, message, values) {
			const signals: Record<string, number> = {};
			for (const g of message.signalIndexes) {
				if (!Number.isNaN(values[g])) signals[dbc.signals[g].name] = values[g];
			}
			return (
				JSON.stringify({
					t: seconds(frame.timestampUs),
					id: canIdText(frame.id, frame.extended),
					message: message.name,
					signals
				}) + '\n'
			);
		}
	};
}

/**
 * A column per signal in `signalIndexes` (the signals of the messages the log holds), named by signal, or
 * `MESSAGE.SIGNAL` where two messages share a signal name. Each row fills its own message's columns.
 */
export function csvFormatter(dbc: CompiledDbc, signalIndexes: readonly number[]): DecodeFormatter {
	const column = new Map(signalIndexes.map((g, i) => [g, i]));
	const names = signalIndexes.map((g) => {
		const s = dbc.signals[g];
		return dbc.signalIndex.get(s.name) === g ? s.name : `${s.messageName}.${s.name}`;
	});
	return {
		header: ['t', 'id', 'message', ...names].map(csvField).join(',') + '\n',
		line(frame, message, values) {
			const cells = new Array<string>(names.length).fill('');
			for (const g of message.signalIndexes) {
				const at = column.get(g);
				if (at !== undefined && !Number.isNaN(values[g])) cells[at] = String(values[g]);
			}
			const id = canIdText(frame.id, frame.extended);
			return (
				[String(seconds(frame.timestampUs)), id, csvField(message.name), ...cells].join(',') + '\n'
			);
		}
	};
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
