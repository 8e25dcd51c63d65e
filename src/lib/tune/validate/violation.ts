/** How bad a finding is: `critical` blocks a burn unless a technician approves it with a reason. */
export type Severity = 'info' | 'warning' | 'critical';

export type ViolationRule =
	| 'bounds'
	| 'option'
	| 'monotonic-axis'
	| 'injector-duty'
	| 'boost-advance'
	| 'rev-limit'
	| 'cross-field';

/** One finding of validateTune: what, where, the value, the limit it broke and why it matters. */
export interface Violation {
	rule: ViolationRule;
	severity: Severity;
	/** The constant at fault (for a cross-field finding, the one to change). */
	constant: string;
	/** The cell, for arrays: row and column, and the bins there when it is a table or an axis. */
	cell?: { row: number; column: number; x?: number; y?: number };
	value: number | string;
	limit?: number | string;
	/** Plain language: what is wrong and what it does to the engine. */
	reason: string;
}

/** Whether any violation must block a write without an approval. */
export function blocksBurn(violations: readonly Violation[]): boolean {
	return violations.some((v) => v.severity === 'critical');
}

/**
 * The violations of `after` that `before` did not have (same rule, constant and cell): what an edit introduced,
 * so a burn can show those first even when the tune already carried older findings.
 */
export function newViolations(
	before: readonly Violation[],
	after: readonly Violation[]
): Violation[] {
	const key = (v: Violation) =>
		`${v.rule}|${v.constant}|${v.cell?.row ?? ''}|${v.cell?.column ?? ''}`;
	const seen = new Set(before.map(key));
	return after.filter((v) => !seen.has(key(v)));
}
