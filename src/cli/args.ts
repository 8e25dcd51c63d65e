import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its TypeErrors turned into UsageErrors that carry `usage`. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
	try {
		return parseArgs({ args, options, strict: true, allowPositionals: true });
	} catch (cause) {
		const message = cause instanceof Error ? cause.message : String(cause);
		throw new UsageError(message, usage, { cause });
	}
}

/** A whole number within [min, max] from an option, or a UsageError naming the option. */
export function integerOption(
	value: string | undefined,
	name: string,
	usage: string,
	range: { min: number; max: number }
): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!/^\d+$/.test(value.trim()) || n < range.min || n > range.max) {
		throw new UsageError(
			`--${name} must be a whole number ${range.min}–${range.max}, got "${value}"`,
			usage
		);
	}
	return n;
}

/** A positive number (fractions allowed) from an option. */
export function positiveOption(
	value: string | undefined,
	name: string,
	usage: string
): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
		throw new UsageError(`--${name} must be a positive number, got "${value}"`, usage);
	}
	return n;
}
