import { compileConditions, type EcuDefinition, type EnvValue, type Expression } from '../ini';
import type { Tune } from '../model';
import { envValue } from '../tune-values';
import { tunerStudioSchema } from './schema';

/**
 * Which constants the tune's own settings switch on, judged from the definition's menus and dialogs the way
 * TunerStudio greys them out: a field is active when its enable and visible conditions hold and its dialog is
 * reachable from a menu through panels whose conditions hold; a table or curve is active when a menu entry or panel
 * that holds opens it (`subMenu = vvtTbl, "VVT duty cycle", 8, { vvtEnabled }`). A constant is in use when an active
 * field, table or curve edits it, or when nothing in the menus edits it at all (such constants count as in use),
 * except speeduino.ini's `unused…` padding. Output channels in conditions read as 0: a tune is judged as it sits,
 * engine off.
 */
export function constantsInUse(definition: EcuDefinition, tune: Tune): (name: string) => boolean {
	const schema = tunerStudioSchema(definition, tune);
	const env: Record<string, EnvValue> = {};
	for (const channel of definition.outputChannels.channels) env[channel.name] = 0;
	for (const [name, value] of Object.entries(tune.values)) {
		const v = envValue(schema.constants.get(name), value);
		if (v !== undefined) env[name] = v;
	}
	const conditions = compileConditions(definition);
	const holds = (...c: (Expression | undefined)[]) => c.every((x) => conditions.test(x, env));
	const dialogs = new Map((definition.dialogs ?? []).map((d) => [d.name, d]));
	const editors = new Map<string, string[]>();
	for (const t of definition.tables ?? []) {
		const constants = [t.zBins, t.xBins.constant, t.yBins.constant];
		editors.set(t.name, constants);
		editors.set(t.map3d, constants);
	}
	for (const c of definition.curves ?? []) {
		editors.set(c.name, [c.xBins.constant, ...c.yBins.map((b) => b.constant)]);
	}
	const reachable = new Set<string>();
	const visit = (name: string) => {
		if (reachable.has(name)) return;
		if (editors.has(name)) {
			reachable.add(name);
			return;
		}
		const dialog = dialogs.get(name);
		if (!dialog || !holds(dialog.visible)) return;
		reachable.add(name);
		for (const item of dialog.items) {
			if (item.kind === 'panel' && holds(item.enable, item.visible)) visit(item.name);
		}
	};
	for (const menu of definition.menus ?? []) {
		for (const item of menu.items) {
			if (item.kind === 'entry' && holds(item.enable, item.visible)) visit(item.target);
			if (item.kind === 'group' && holds(item.enable, item.visible)) {
				for (const child of item.items) {
					if (child.kind === 'entry' && holds(child.enable, child.visible)) visit(child.target);
				}
			}
		}
	}
	const edited = new Set<string>();
	const active = new Set<string>();
	for (const [name, constants] of editors) {
		for (const c of constants) {
			edited.add(c);
			if (reachable.has(name)) active.add(c);
		}
	}
	for (const dialog of dialogs.values()) {
		for (const item of dialog.items) {
			if ((item.kind !== 'field' && item.kind !== 'slider') || !item.constant) continue;
			edited.add(item.constant);
			if (reachable.has(dialog.name) && holds(item.enable, item.visible)) active.add(item.constant);
		}
	}
	return (name) => !name.startsWith('unused') && (!edited.has(name) || active.has(name));
}
