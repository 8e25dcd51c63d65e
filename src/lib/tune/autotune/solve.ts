/**
 * Cholesky factorisation of a symmetric positive-definite m×m matrix (row-major), in place into its lower triangle:
 * A = L Lᵀ. A VE table has at most a few hundred cells, so the dense O(m³/3) factorisation takes milliseconds and
 * also gives the inverse's diagonal, which says how well the data determine each cell. Returns false when A is not
 * positive definite.
 */
export function cholesky(a: Float64Array, m: number): boolean {
	for (let j = 0; j < m; j++) {
		let d = a[j * m + j];
		for (let k = 0; k < j; k++) d -= a[j * m + k] * a[j * m + k];
		if (!(d > 0)) return false;
		const l = Math.sqrt(d);
		a[j * m + j] = l;
		for (let i = j + 1; i < m; i++) {
			let s = a[i * m + j];
			for (let k = 0; k < j; k++) s -= a[i * m + k] * a[j * m + k];
			a[i * m + j] = s / l;
		}
	}
	return true;
}

/** Solves L Lᵀ x = b with the factor from cholesky. */
export function choleskySolve(l: Float64Array, m: number, b: Float64Array): Float64Array {
	const y = new Float64Array(m);
	for (let i = 0; i < m; i++) {
		let s = b[i];
		for (let k = 0; k < i; k++) s -= l[i * m + k] * y[k];
		y[i] = s / l[i * m + i];
	}
	const x = new Float64Array(m);
	for (let i = m - 1; i >= 0; i--) {
		let s = y[i];
		for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
		x[i] = s / l[i * m + i];
	}
	return x;
}

/** The diagonal of A⁻¹ from A's Cholesky factor: (A⁻¹)_kk = Σ_j ((L⁻¹)_jk)². */
export function inverseDiagonal(l: Float64Array, m: number): Float64Array {
	const out = new Float64Array(m);
	const column = new Float64Array(m);
	for (let k = 0; k < m; k++) {
		// Column k of L⁻¹ by forward substitution of the unit vector e_k (zero above row k).
		column.fill(0);
		for (let i = k; i < m; i++) {
			let s = i === k ? 1 : 0;
			for (let j = k; j < i; j++) s -= l[i * m + j] * column[j];
			column[i] = s / l[i * m + i];
		}
		for (let i = k; i < m; i++) out[k] += column[i] * column[i];
	}
	return out;
}
