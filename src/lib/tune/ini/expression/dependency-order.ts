import { ExpressionCycleError } from './errors';

/**
 * Orders `items` so that each comes after every item it depends on (a depth-first topological sort; items with no
 * order between them keep their given order). `dependsOn` may name things that are not items (raw channels,
 * constants): those are ignored. A loop throws ExpressionCycleError naming it, e.g. `a → b → a`. Iterative, so a
 * long chain cannot exhaust the call stack.
 */
export function dependencyOrder<T>(
	items: readonly T[],
	nameOf: (item: T) => string,
	dependsOn: (item: T) => Iterable<string>,
	what = 'expressions'
): T[] {
	const byName = new Map<string, T>();
	for (const item of items) byName.set(nameOf(item), item);
	const state = new Map<string, 'visiting' | 'done'>();
	const out: T[] = [];
	for (const item of items) {
		const root = nameOf(item);
		if (state.has(root)) continue;
		// Each frame: a name and the dependencies still to visit.
		const stack: { name: string; deps: Iterator<string> }[] = [];
		const enter = (name: string) => {
			state.set(name, 'visiting');
			stack.push({ name, deps: dependsOn(byName.get(name)!)[Symbol.iterator]() });
		};
		enter(root);
		while (stack.length > 0) {
			const frame = stack[stack.length - 1];
			const next = frame.deps.next();
			if (next.done) {
				stack.pop();
				state.set(frame.name, 'done');
				out.push(byName.get(frame.name)!);
				continue;
			}
			const dep = next.value;
			if (!byName.has(dep)) continue;
			const seen = state.get(dep);
			if (seen === 'done') continue;
			if (seen === 'visiting') {
				const from = stack.findIndex((f) => f.name === dep);
				throw new ExpressionCycleError([...stack.slice(from).map((f) => f.name), dep], what);
			}
			enter(dep);
		}
	}
	return out;
}
