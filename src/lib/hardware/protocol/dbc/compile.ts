import type { CompiledDbc, CompiledMessage, SignalInfo } from './compiled-types';
import { TableMessage } from './table-message';
import { ABSENT, buildTables } from './tables';
import type { DbcDatabase } from './types';

/**
 * Builds the table-driven decoder for a parsed database (see `CompiledMessage.decodeInto`).
 * Signals that reach past their message's declared length are kept but always decode to NaN (cantools refuses
 * them too: "Wrong data size"), so a short DBC length never yields a value read from padding.
 */
export function compileDbc(db: DbcDatabase): CompiledDbc {
	const tables = buildTables(db.messages);
	const signals: SignalInfo[] = [];
	const messages: CompiledMessage[] = [];
	let base = 0;
	for (const msg of db.messages) {
		for (const sig of msg.signals) {
			const index = signals.length;
			signals.push({
				index,
				name: sig.name,
				messageName: msg.name,
				messageId: msg.id,
				extended: msg.extended,
				unit: sig.unit,
				min: sig.min,
				max: sig.max,
				factor: sig.factor,
				offset: sig.offset,
				length: sig.length,
				signed: sig.signed,
				valueType: sig.valueType,
				choices: sig.choices,
				fits: tables.kind[index] !== ABSENT,
				signal: sig
			});
		}
		messages.push(new TableMessage({ msg, base, tables }));
		base += msg.signals.length;
	}
	return new TableDbc({ signals, messages });
}

class TableDbc implements CompiledDbc {
	readonly signals: readonly SignalInfo[];
	readonly signalIndex: ReadonlyMap<string, number>;
	readonly messages: readonly CompiledMessage[];
	private readonly standard: (CompiledMessage | undefined)[] = new Array(0x800).fill(undefined);
	private readonly extendedIds = new Map<number, CompiledMessage>();
	private readonly byName = new Map<string, CompiledMessage>();

	constructor(options: { signals: SignalInfo[]; messages: CompiledMessage[] }) {
		this.signals = options.signals;
		this.messages = options.messages;
		for (const m of this.messages) {
			if (m.extended) this.extendedIds.set(m.id, m);
			else this.standard[m.id] = m;
			this.byName.set(m.name, m);
		}
		const index = new Map<string, number>();
		const count = new Map<string, number>();
		for (const s of this.signals) count.set(s.name, (count.get(s.name) ?? 0) + 1);
		for (const s of this.signals) {
			index.set(`${s.messageName}.${s.name}`, s.index);
			if (count.get(s.name) === 1) index.set(s.name, s.index);
		}
		this.signalIndex = index;
	}

	message(id: number, extended: boolean): CompiledMessage | undefined {
		return extended ? this.extendedIds.get(id) : this.standard[id];
	}

	messageByName(name: string): CompiledMessage | undefined {
		return this.byName.get(name);
	}
}
