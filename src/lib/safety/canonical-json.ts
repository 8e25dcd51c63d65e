/**
 * JSON with one spelling per value, so a hash over it is reproducible anywhere: object keys sorted by UTF-16 code
 * unit, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them. This is the JSON
 * Canonicalization Scheme (RFC 8785 §3.2); values it cannot express (NaN, ±Infinity, undefined, functions,
 * symbols, bigints, cycles) are refused rather than silently dropped, so two different payloads never hash alike.
 */
export function canonicalJson(value: unknown): string {
	return write(value, new Set());
}

function write(value: unknown, path: Set<object>): string {
	if (value === null) return 'null';
	switch (typeof value) {
		case 'boolean':
			return value ? 'true' : 'false';
		case 'number':
			if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
			return JSON.stringify(value);
		case 'string':
			return JSON.stringify(value);
		case 'object':
			break;
		default:
			throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
	}
	const object = value as object;
	if (path.has(object)) throw new TypeError('canonical JSON cannot hold a cycle');
	path.add(object);
	let out: string;
	if (Array.isArray(object)) {
		out = `[${object.map((item) => write(item, path)).join(',')}]`;
	} else {
		const proto = Object.getPrototypeOf(object);
		if (proto !== Object.prototype && proto !== null)
			throw new TypeError(
				`canonical JSON holds plain objects only, not ${proto?.constructor?.name}`
			);
		const record = object as Record<string, unknown>;
		const keys = Object.keys(record).sort();
		out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], path)}`).join(',')}}`;
	}
	path.delete(object);
	return out;
}
