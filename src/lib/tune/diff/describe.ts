import type { ConstantSpec, TuneSchema, TuneValue } from '../model';
import type { CellChange, ConstantDiff } from './diff';

/**
 * A change in plain language: a table or curve by its title with the count of changed cells and the largest change
 * and where it is (`VE Table: 12 cells changed, max +4.0 at 4000 RPM / 100 kPa`), a scalar as `reqFuel: 12.2 → 11.5
 * ms`, an option as `injType: Port → Throttle Body`.
 */
export function describeChange(change: ConstantDiff, schema: TuneSchema): string {
	const spec = schema.constants.get(change.name);
	switch (change.kind) {
		case 'scalar':
			return `${change.name}: ${number(change.before, spec)} → ${number(change.after, spec)}${unitsOf(spec)}`;
		case 'bits':
			return `${change.name}: ${change.before} → ${change.after}`;
		case 'string':
			return `${change.name}: "${change.before}" → "${change.after}"`;
		case 'added':
			return `${change.name}: added (${preview(change.after)})`;
		case 'removed':
			return `${change.name}: removed (was ${preview(change.before)})`;
		case 'reshaped':
			return `${change.name}: shape changed (${shape(change.before)} → ${shape(change.after)})`;
		case 'array': {
			const { title, xUnits, yUnits, role } = arrayContext(change.name, schema);
			const n = change.cells.length;
			const cells = `${n} ${role === 'axis' ? (n === 1 ? 'bin' : 'bins') : n === 1 ? 'cell' : 'cells'} changed`;
			const l = change.largest;
			const where = location(l, xUnits, yUnits);
			return `${title}: ${cells}, max ${signed(l.delta, spec)}${unitsOf(spec)}${where}`;
		}
	}
}

function arrayContext(
	name: string,
	schema: TuneSchema
): { title: string; xUnits?: string; yUnits?: string; role: 'table' | 'curve' | 'axis' | 'array' } {
	const units = (n: string) => {
		const s = schema.constants.get(n);
		return s && s.kind !== 'bits' && s.kind !== 'string' ? s.units : undefined;
	};
	const table = schema.tables.find((t) => t.z === name);
	if (table) {
		return {
			title: table.title,
			xUnits: units(table.x.constant),
			yUnits: units(table.y.constant),
			role: 'table'
		};
	}
	const curve = schema.curves.find((c) => c.y.some((y) => y.constant === name));
	if (curve) {
		const line =
			curve.y.length > 1 ? ` (${curve.y.find((y) => y.constant === name)?.label ?? name})` : '';
		return { title: `${curve.title}${line}`, xUnits: units(curve.x.constant), role: 'curve' };
	}
	const axisOf = [
		...schema.tables.flatMap((t) => [
			[t.x.constant, `x axis of ${t.title}`],
			[t.y.constant, `y axis of ${t.title}`]
		]),
		...schema.curves.map((c) => [c.x.constant, `x axis of ${c.title}`])
	].filter(([n]) => n === name);
	if (axisOf.length > 0) {
		return { title: `${name} (${axisOf.map(([, what]) => what).join(', ')})`, role: 'axis' };
	}
	return { title: name, role: 'array' };
}

function location(cell: CellChange, xUnits?: string, yUnits?: string): string {
	const parts: string[] = [];
	if (cell.x !== undefined) parts.push(`${trim(cell.x)}${xUnits ? ` ${xUnits}` : ''}`);
	if (cell.y !== undefined) parts.push(`${trim(cell.y)}${yUnits ? ` ${yUnits}` : ''}`);
	return parts.length > 0
		? ` at ${parts.join(' / ')}`
		: ` at row ${cell.row + 1}, column ${cell.column + 1}`;
}

function digitsOf(spec: ConstantSpec | undefined): number {
	return spec && (spec.kind === 'scalar' || spec.kind === 'array') ? spec.digits : 2;
}

function number(v: number, spec: ConstantSpec | undefined): string {
	return v.toFixed(digitsOf(spec));
}

/** A delta with its sign and at least one decimal, so `+4.0` reads as a change, not a value. */
function signed(v: number, spec: ConstantSpec | undefined): string {
	const text = Math.abs(v).toFixed(Math.max(1, digitsOf(spec)));
	return `${v < 0 ? '−' : '+'}${text}`;
}

function unitsOf(spec: ConstantSpec | undefined): string {
	return spec && (spec.kind === 'scalar' || spec.kind === 'array') && spec.units.trim()
		? ` ${spec.units.trim()}`
		: '';
}

function trim(v: number): string {
	return String(Number(v.toPrecision(10)));
}

function preview(v: TuneValue | undefined): string {
	return Array.isArray(v) ? shape(v) : JSON.stringify(v);
}

function shape(v: TuneValue | undefined): string {
	return Array.isArray(v) ? `${v.length}×${v[0]?.length ?? 0}` : typeof v;
}
