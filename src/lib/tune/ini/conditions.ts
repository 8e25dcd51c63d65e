import { constantInputs, definitionScope } from './definition-scope';
import {
	IniExpressionError,
	compileExpression,
	type CompiledExpression,
	type ExpressionEnv,
	type ValueType
} from './expression';
import type { EcuDefinition, Expression } from './model';
import type { DialogItem, MenuItem } from './ui-model';

/** Every `{ condition }` of a definition's menus, dialogs and [VeAnalyze], compiled once. */
export interface ConditionSet {
	/** Compiled conditions by source text (one entry however many items share it). */
	readonly compiled: ReadonlyMap<string, CompiledExpression>;
	/** Conditions that did not compile, with the reason; `test` gives them its fallback. */
	readonly errors: readonly IniExpressionError[];
	/**
	 * Whether `condition` holds for `env` (constants in user units with bits as option indexes, and live output
	 * channels): true when there is no condition, `fallback` when it did not compile.
	 */
	test(condition: Expression | undefined, env: ExpressionEnv, fallback?: boolean): boolean;
}

/**
 * Compiles the conditions of [Menu] and [UserDefined] (and [VeAnalyze]'s active condition) through the expression
 * module, in a scope where every constant, [PcVariables] entry and output channel is an input read at evaluation
 * time, so a dialog re-evaluates as soon as the user changes a value it depends on. Settings (`#set` symbols) are
 * folded in as 1 or 0.
 */
export function compileConditions(definition: EcuDefinition): ConditionSet {
	const constants = constantInputs(definition);
	const channels = new Set(definition.outputChannels.channels.map((c) => c.name));
	const scope = definitionScope(definition, {
		inputs: (name): ValueType | undefined =>
			constants(name) ?? (channels.has(name) ? 'number' : undefined)
	});
	const compiled = new Map<string, CompiledExpression>();
	const errors: IniExpressionError[] = [];
	const failed = new Set<string>();
	for (const condition of definitionConditions(definition)) {
		const source = condition.source;
		if (compiled.has(source) || failed.has(source)) continue;
		try {
			compiled.set(source, compileExpression(source, scope));
		} catch (e) {
			if (!(e instanceof IniExpressionError)) throw e;
			failed.add(source);
			errors.push(e);
		}
	}
	return {
		compiled,
		errors,
		test(condition, env, fallback = true) {
			if (!condition) return true;
			const c = compiled.get(condition.source);
			return c ? c.test(env) : fallback;
		}
	};
}

/** Every condition expression in the definition's menus, dialogs and [VeAnalyze], in file order. */
export function definitionConditions(definition: EcuDefinition): Expression[] {
	const out: Expression[] = [];
	const add = (...e: (Expression | undefined)[]) => {
		for (const x of e) if (x) out.push(x);
	};
	const menuItem = (item: MenuItem) => {
		if (item.kind === 'separator') return;
		add(item.enable, item.visible);
		if (item.kind === 'group') item.items.forEach(menuItem);
	};
	for (const menu of definition.menus ?? []) menu.items.forEach(menuItem);
	for (const dialog of definition.dialogs ?? []) {
		add(dialog.visible);
		dialog.items.forEach((item: DialogItem) => {
			if (item.kind === 'indicator') add(item.condition);
			else if (item.kind !== 'other') add(item.enable, item.visible);
		});
	}
	add(definition.veAnalyze?.activeCondition);
	return out;
}
