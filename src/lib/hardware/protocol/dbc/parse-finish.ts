import { DbcParseError } from './errors';
import type { ParseContext } from './parse-context';
import type { DbcDatabase, DbcMessage } from './types';

/** Links multiplexed signals to their switches and derives flags that depend on attributes. */
export function finishDatabase(ctx: ParseContext): void {
	for (const msg of ctx.db.messages) {
		linkMultiplexers(msg);
		msg.fd = msg.length > 8 || frameFormatLabel(ctx.db, msg)?.endsWith('_FD') === true;
	}
}

function linkMultiplexers(msg: DbcMessage): void {
	const plainSwitch = msg.signals.find((s) => s.isMultiplexer && s.multiplexerValue === undefined);
	for (const sig of msg.signals) {
		if (sig.multiplexerSignal === undefined && sig.multiplexerValue !== undefined) {
			if (!plainSwitch) {
				throw new DbcParseError(
					`signal ${sig.name} is multiplexed (m${sig.multiplexerValue}) but ${msg.name} has no M switch`,
					sig.line,
					1
				);
			}
			sig.multiplexerSignal = plainSwitch.name;
		}
		if (sig.multiplexerSignal !== undefined) {
			const sw = msg.signals.find((s) => s.name === sig.multiplexerSignal);
			if (!sw || !sw.isMultiplexer) {
				throw new DbcParseError(
					`signal ${sig.name} depends on ${sig.multiplexerSignal}, which is not a multiplexer in ${msg.name}`,
					sig.line,
					1
				);
			}
		}
	}
	for (const sig of msg.signals) {
		const seen = new Set<string>();
		let cur = sig;
		while (cur.multiplexerSignal !== undefined) {
			if (seen.has(cur.name)) {
				throw new DbcParseError(
					`multiplexer cycle through ${sig.name} in ${msg.name}`,
					sig.line,
					1
				);
			}
			seen.add(cur.name);
			cur = msg.signals.find((s) => s.name === cur.multiplexerSignal)!;
		}
	}
}

function frameFormatLabel(db: DbcDatabase, msg: DbcMessage): string | undefined {
	const def = db.attributeDefinitions.find((d) => d.name === 'VFrameFormat');
	const value = msg.attributes.VFrameFormat ?? def?.default;
	if (typeof value === 'string') return value;
	if (value === undefined || def?.type.kind !== 'enum') return undefined;
	return def.type.labels[value];
}
