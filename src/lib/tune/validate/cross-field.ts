import type { Tune } from '../model';
import type { EngineRoles } from './roles';
import type { Violation } from './violation';

/**
 * Settings that must agree with each other:
 * - squirts per cycle = cylinders ÷ divider must be a whole number of at least 1 (Speeduino 202103 init.ino:
 *   `currentStatus.nSquirts = configPage2.nCylinders / configPage2.divider`, integer division, so a divider that does
 *   not divide the cylinder count silently changes the fuel per squirt);
 * - sequential injection needs an injector per cylinder;
 * - the soft rev limit must sit below the hard one, or the soft limiter never acts;
 * - reqFuel must be above zero, or no fuel is injected at all.
 */
export function checkCrossField(tune: Tune, roles: EngineRoles): Violation[] {
	const v = tune.values;
	const out: Violation[] = [];
	// Counts are options whose label is the number ("4"); an index without a label is no count.
	const count = (name: string) => {
		const label = v[name];
		const n = typeof label === 'string' ? Number(label) : NaN;
		return Number.isInteger(n) && n > 0 ? n : undefined;
	};
	const cylinders = count(roles.cylinders);
	const divider = v[roles.divider];
	if (cylinders !== undefined && typeof divider === 'number') {
		if (!(divider >= 1) || cylinders % divider !== 0) {
			out.push({
				rule: 'cross-field',
				severity: 'critical',
				constant: roles.divider,
				value: divider,
				limit: cylinders,
				reason:
					`${roles.divider} is ${divider} with ${cylinders} cylinders: squirts per cycle (${roles.cylinders} ÷ ` +
					`${roles.divider}) must be a whole number of at least 1, or each squirt gets the wrong share of reqFuel. ` +
					`Use a divider of ${divisors(cylinders).join(', ')}.`
			});
		}
	}
	const injectors = count(roles.injectors);
	if (
		v[roles.injectorLayout] === roles.sequentialLabel &&
		cylinders &&
		injectors &&
		injectors < cylinders
	) {
		out.push({
			rule: 'cross-field',
			severity: 'critical',
			constant: roles.injectorLayout,
			value: injectors,
			limit: cylinders,
			reason: `Sequential injection fires one injector per cylinder, but ${roles.injectors} is ${injectors} for ${cylinders} cylinders: some cylinders would get no fuel.`
		});
	}
	const hard = v[roles.revLimit];
	const soft = v[roles.softRevLimit];
	if (typeof hard === 'number' && typeof soft === 'number' && soft >= hard) {
		out.push({
			rule: 'cross-field',
			severity: 'warning',
			constant: roles.softRevLimit,
			value: soft,
			limit: hard,
			reason: `The soft rev limit (${soft} rpm) is not below the hard limit (${hard} rpm), so the soft limiter never acts before the hard cut.`
		});
	}
	const reqFuel = v[roles.reqFuel];
	if (typeof reqFuel === 'number' && !(reqFuel > 0)) {
		out.push({
			rule: 'cross-field',
			severity: 'critical',
			constant: roles.reqFuel,
			value: reqFuel,
			limit: 0,
			reason: `${roles.reqFuel} is ${reqFuel} ms: the ECU would inject no fuel.`
		});
	}
	return out;
}

function divisors(n: number): number[] {
	return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}
