/**
 * Savitzky–Golay filtering (Savitzky & Golay, Anal. Chem. 36 (1964) 1627): each output is the value, or first
 * derivative, at one point of a least-squares polynomial fitted to a window of uniformly spaced samples. The centre
 * weights are symmetric (antisymmetric for the derivative), so the filter has zero phase: a torque peak stays at its
 * rpm however hard it smooths, unlike a one-sided moving average or an RC filter that drag peaks later.
 *
 * The first and last half-windows are not padded or mirrored: they evaluate the fit of the first/last full window
 * off-centre (the "edge fit" of Gorry, Anal. Chem. 62 (1990) 570), so a pull's ends are not biased towards flat.
 */
export interface SavitzkyGolayOptions {
	/** Window length in samples; odd, ≥ 3. Shortened to the data length when the data is shorter. */
	window: number;
	/** Polynomial order, < window. @default 3 */
	order?: number;
	/** 0 smooths, 1 differentiates. @default 0 */
	derivative?: 0 | 1;
	/** Sample spacing, for the derivative's units (per this unit of time). @default 1 */
	spacing?: number;
}

export function checkSavitzkyGolay(options: SavitzkyGolayOptions): Required<SavitzkyGolayOptions> {
	const { window, order = 3, derivative = 0, spacing = 1 } = options;
	if (!Number.isInteger(window) || window < 3 || window % 2 === 0)
		throw new TypeError(`Savitzky–Golay window must be an odd integer ≥ 3, got ${window}`);
	if (!Number.isInteger(order) || order < 0 || order >= window)
		throw new TypeError(`Savitzky–Golay order must be an integer in [0, window), got ${order}`);
	if (derivative !== 0 && derivative !== 1)
		throw new TypeError(`Savitzky–Golay derivative must be 0 or 1, got ${derivative}`);
	if (!(spacing > 0))
		throw new TypeError(`Savitzky–Golay spacing must be positive, got ${spacing}`);
	return { window, order, derivative, spacing };
}

const cache = new Map<string, Float64Array>();

/**
 * Weights w such that Σ w[i]·y[i] over a window of `window` samples is the fitted polynomial (or its derivative,
 * per sample) at sample `at` of the window (0-based). Positions are scaled to [-1, 1] to keep the normal
 * equations well conditioned for long windows.
 */
export function savitzkyGolayWeights(
	window: number,
	order: number,
	derivative: 0 | 1,
	at: number
): Float64Array {
	const key = `${window},${order},${derivative},${at}`;
	const hit = cache.get(key);
	if (hit) return hit;
	const h = (window - 1) / 2;
	const p = Math.min(order, window - 1);
	const m = p + 1;
	const u = (i: number) => (i - h) / h;
	const ata = Array.from({ length: m }, () => new Float64Array(m));
	for (let i = 0; i < window; i++) {
		const x = u(i);
		for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) ata[r][c] += x ** (r + c);
	}
	const e = new Float64Array(m);
	const x0 = u(at);
	for (let j = 0; j < m; j++) {
		if (derivative === 0) e[j] = x0 ** j;
		else e[j] = j === 0 ? 0 : (j * x0 ** (j - 1)) / h;
	}
	const z = solve(ata, e);
	const w = new Float64Array(window);
	for (let i = 0; i < window; i++) {
		const x = u(i);
		let s = 0;
		for (let j = 0; j < m; j++) s += z[j] * x ** j;
		w[i] = s;
	}
	cache.set(key, w);
	return w;
}

/** Gaussian elimination with partial pivoting on a small symmetric positive-definite system. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
	const n = b.length;
	const m = a.map((row) => Float64Array.from(row));
	const x = Float64Array.from(b);
	for (let col = 0; col < n; col++) {
		let piv = col;
		for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
		[m[col], m[piv]] = [m[piv], m[col]];
		[x[col], x[piv]] = [x[piv], x[col]];
		for (let r = col + 1; r < n; r++) {
			const f = m[r][col] / m[col][col];
			for (let c = col; c < n; c++) m[r][c] -= f * m[col][c];
			x[r] -= f * x[col];
		}
	}
	for (let r = n - 1; r >= 0; r--) {
		let s = x[r];
		for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
		x[r] = s / m[r][r];
	}
	return x;
}

/** The window and order actually used for `n` samples: the window shrinks to the largest odd length ≤ n. */
export function effectiveWindow(n: number, window: number, order: number): [number, number] {
	const w = Math.min(window, n % 2 === 1 ? n : n - 1);
	return [w, Math.min(order, w - 1)];
}

/** Dot product of weights with y[start..start+w.length), summed in index order (the streaming filter does the same). */
export function applyWeights(w: Float64Array, y: ArrayLike<number>, start: number): number {
	let s = 0;
	for (let k = 0; k < w.length; k++) s += w[k] * y[start + k];
	return s;
}

/** Filters uniformly spaced samples; returns one output per input. */
export function savitzkyGolay(y: ArrayLike<number>, options: SavitzkyGolayOptions): Float64Array {
	const o = checkSavitzkyGolay(options);
	const n = y.length;
	const out = new Float64Array(n);
	if (n === 0) return out;
	if (n < 3) {
		// Too short for any window: the line through the points (a constant for one point).
		const slope = n === 2 ? (y[1] - y[0]) / o.spacing : 0;
		for (let i = 0; i < n; i++) out[i] = o.derivative === 0 ? y[i] : slope;
		return out;
	}
	const [w, p] = effectiveWindow(n, o.window, o.order);
	const h = (w - 1) / 2;
	const scale = o.derivative === 0 ? 1 : 1 / o.spacing;
	for (let i = 0; i < n; i++) {
		const start = i < h ? 0 : i > n - 1 - h ? n - w : i - h;
		const weights = savitzkyGolayWeights(w, p, o.derivative, i - start);
		out[i] = applyWeights(weights, y, start) * scale;
	}
	return out;
}
