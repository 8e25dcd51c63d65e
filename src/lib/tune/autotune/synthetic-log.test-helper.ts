import { lookupTable } from '../table/lookup';
import type { LogSample } from './samples';

/** A deterministic PRNG (mulberry32), so a synthetic log is the same on every run. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface SyntheticEngine {
	x: readonly number[];
	y: readonly number[];
	/** The VE the ECU's table holds. */
	table: readonly (readonly number[])[];
	/** The VE the engine really has. */
	truth: readonly (readonly number[])[];
}

export interface SyntheticLogOptions {
	seconds: number;
	/** Samples per second. @default 100 */
	rate?: number;
	seed?: number;
	/** Lambda noise, standard deviation as a fraction. @default 0.005 */
	noise?: number;
	/** The wideband reports the mixture this late. @default 0.1 s */
	sensorDelay?: number;
	/** Fraction of closed-loop EGO trim in play (ego% = 100 ± this × random). @default 0.03 */
	egoTrim?: number;
}

/**
 * A drive log from a simple engine relation: the ECU fuels for its table VE, the engine breathes its true VE, so the
 * wideband reads λ = λ_target × VE_true(p) ÷ (VE_table(p) × ego/100) at each operating point p (both VEs bilinear, as
 * the ECU interpolates). The drive: a cold start warming over the first 150 s (rich from warm-up enrichment),
 * meandering cruise across the table, tip-ins with acceleration enrichment (lean spike),
 * lifts into decel fuel cut (free air), and a wideband that drops out now and then. Everything that is not steady
 * state is flagged or visibly wrong, as a real log is.
 */
export function syntheticLog(engine: SyntheticEngine, options: SyntheticLogOptions): LogSample[] {
	const rate = options.rate ?? 100;
	const rnd = random(options.seed ?? 1);
	const noise = options.noise ?? 0.005;
	const delay = Math.round((options.sensorDelay ?? 0.1) * rate);
	const egoTrim = options.egoTrim ?? 0.03;
	const { x, y } = engine;
	const total = Math.round(options.seconds * rate);
	const samples: LogSample[] = [];
	const mixture: number[] = [];
	let rpm = 900;
	let load = 35;
	let tps = 5;
	let rpmSpeed = 0;
	let loadSpeed = 0;
	let event: { kind: 'drive' | 'tipin' | 'cut'; left: number } = { kind: 'drive', left: 20 * rate };
	const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
	const dt = 1 / rate;
	const [xMin, xMax] = [x[0], x[x.length - 1]];
	const [yMin, yMax] = [y[0], y[y.length - 1]];
	for (let i = 0; i < total; i++) {
		const time = i / rate;
		if (event.left <= 0) {
			const r = rnd();
			event =
				r < 0.8
					? { kind: 'drive', left: Math.round((5 + 20 * rnd()) * rate) }
					: r < 0.9
						? { kind: 'tipin', left: Math.round(0.4 * rate) }
						: { kind: 'cut', left: Math.round(1.5 * rate) };
		}
		const prevLoad = load;
		const prevTps = tps;
		if (event.kind === 'drive') {
			// Meandering cruise: rpm and load wander with momentum (an Ornstein–Uhlenbeck velocity), slowly enough
			// that the transient filters pass them, and bounce off the table's edges.
			rpmSpeed += -rpmSpeed * dt + 500 * Math.sqrt(dt) * gauss();
			loadSpeed += -loadSpeed * dt + 10 * Math.sqrt(dt) * gauss();
			loadSpeed = Math.max(-15, Math.min(15, loadSpeed));
			rpm += rpmSpeed * dt;
			load += loadSpeed * dt;
			if (rpm < xMin || rpm > xMax) rpmSpeed = -rpmSpeed;
			if (load < yMin || load > yMax) loadSpeed = -loadSpeed;
			rpm = Math.max(xMin, Math.min(xMax, rpm));
			load = Math.max(yMin, Math.min(yMax, load));
		} else if (event.kind === 'tipin') {
			load += (yMax - load) / Math.max(1, event.left);
			rpm = Math.min(xMax, rpm + 1000 * dt);
		} else {
			load += (yMin - load) / Math.max(1, event.left);
			rpm = Math.max(xMin, rpm - 800 * dt);
		}
		tps = Math.max(0, Math.min(100, ((load - yMin) / (yMax - yMin)) * 100));
		event.left--;
		const coolant = Math.min(88, 20 + (68 * time) / 150);
		const targetLambda = load > 90 ? 0.85 : 1;
		const ego = 100 * (1 + egoTrim * (rnd() * 2 - 1));
		const veTable = lookupTable(engine.table, x, y, rpm, load).value;
		const veTrue = lookupTable(engine.truth, x, y, rpm, load).value;
		let lambda = (targetLambda * veTrue) / (veTable * (ego / 100));
		if (coolant < 70) lambda *= 0.88; // warm-up enrichment the VE table knows nothing about
		const ae = event.kind === 'tipin';
		if (ae) lambda *= 1.18;
		const cut = event.kind === 'cut' && event.left > 0.3 * rate;
		if (cut) lambda = 2.8;
		mixture.push(lambda * (1 + noise * gauss()));
		samples.push({
			time,
			rpm,
			load,
			tps,
			tpsRate: (tps - prevTps) * rate,
			mapRate: (load - prevLoad) * rate,
			targetLambda,
			coolant,
			egoCorrection: ego,
			fuelCut: cut,
			accelEnrichment: ae ? 130 : 100,
			lambda: NaN
		});
	}
	// The wideband answers `delay` samples late; before its first reading it shows nothing. Now and then it drops out.
	for (let i = 0; i < total; i++) {
		const reading = i >= delay ? mixture[i - delay] : NaN;
		samples[i].lambda = rnd() < 0.002 ? (rnd() < 0.5 ? 0 : 9.99) : reading;
	}
	return samples;
}
