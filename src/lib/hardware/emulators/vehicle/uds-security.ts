import { Nrc } from '../../protocol/uds/nrc';
import { Prng } from './prng';

/** The one SecurityAccess level the simulated ECU offers: requestSeed 0x01, sendKey 0x02. */
export const UDS_SECURITY_LEVEL = 0x01;

const DEMO_MASK = 0x5a5a5a5a;

/**
 * The simulated ECU's seed→key: key = rotl32(seed XOR 0x5A5A5A5A, 3), big-endian. A DEMO algorithm, chosen to be
 * easy to check by hand; it protects nothing and is no manufacturer's algorithm.
 */
export function demoSeedToKey(seed: Uint8Array): Uint8Array {
	if (seed.length !== 4) throw new RangeError(`the demo seed is 4 bytes, got ${seed.length}`);
	const x = (((seed[0] << 24) | (seed[1] << 16) | (seed[2] << 8) | seed[3]) ^ DEMO_MASK) >>> 0;
	const key = ((x << 3) | (x >>> 29)) >>> 0;
	return Uint8Array.of(key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff);
}

export interface UdsSecurityOptions {
	/** PRNG seed for the security seeds, so a run is reproducible. @default 1 */
	seed?: number;
	/** Failed sendKeys before lockout; the last one answers exceededNumberOfAttempts. @default 3 */
	maxAttempts?: number;
	/** Lockout after too many failed keys, during which requestSeed answers requiredTimeDelayNotExpired. @default 10_000_000 µs */
	lockoutUs?: number;
}

/** What a SecurityAccess request produced: a positive payload body or an NRC. */
export type SecurityResult = { ok: Uint8Array } | { nrc: number };

/**
 * SecurityAccess (ISO 14229-1 §10.4) for one level: requestSeed hands out a fresh seed (all zeros when already
 * unlocked), sendKey checks it once. Wrong keys count towards a lockout that survives session changes, as the
 * attempt counter must (§10.4.2, otherwise a tester could reset it by re-entering the session).
 */
export class UdsSecurity {
	readonly #prng: Prng;
	readonly #maxAttempts: number;
	readonly #lockoutUs: number;
	#unlocked = false;
	#seed: Uint8Array | undefined;
	#failed = 0;
	#lockedUntilUs = -Infinity;

	constructor(options: UdsSecurityOptions = {}) {
		this.#prng = new Prng(options.seed ?? 1);
		this.#maxAttempts = options.maxAttempts ?? 3;
		if (!Number.isInteger(this.#maxAttempts) || this.#maxAttempts < 1) {
			throw new TypeError(`maxAttempts must be a positive integer, got ${options.maxAttempts}`);
		}
		this.#lockoutUs = options.lockoutUs ?? 10_000_000;
		if (!Number.isFinite(this.#lockoutUs) || this.#lockoutUs < 0) {
			throw new TypeError(`lockoutUs must be ≥ 0, got ${options.lockoutUs}`);
		}
	}

	get unlocked(): boolean {
		return this.#unlocked;
	}

	/** A session change or reset relocks (ISO 14229-1 §10.4: security is lost on any session transition). */
	lock(): void {
		this.#unlocked = false;
		this.#seed = undefined;
	}

	requestSeed(nowUs: number): SecurityResult {
		if (this.#unlocked) return { ok: new Uint8Array(4) };
		if (nowUs < this.#lockedUntilUs) return { nrc: Nrc.requiredTimeDelayNotExpired };
		const seed = new Uint8Array(4);
		// A zero seed would read as "already unlocked", so draw again.
		while (seed.every((b) => b === 0)) {
			for (let i = 0; i < 4; i++) seed[i] = Math.floor(this.#prng.next() * 256);
		}
		this.#seed = seed;
		return { ok: seed.slice() };
	}

	sendKey(key: Uint8Array, nowUs: number): SecurityResult {
		const seed = this.#seed;
		// Each seed is good for one key, right or wrong (ISO 14229-1 §10.4.2).
		this.#seed = undefined;
		if (!seed) return { nrc: Nrc.requestSequenceError };
		const expected = demoSeedToKey(seed);
		if (key.length === expected.length && key.every((b, i) => b === expected[i])) {
			this.#unlocked = true;
			this.#failed = 0;
			return { ok: new Uint8Array(0) };
		}
		this.#failed++;
		if (this.#failed < this.#maxAttempts) return { nrc: Nrc.invalidKey };
		this.#failed = 0;
		this.#lockedUntilUs = nowUs + this.#lockoutUs;
		return { nrc: Nrc.exceededNumberOfAttempts };
	}
}
