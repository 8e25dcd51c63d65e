import type { PackedSeries } from './series-codec';

/** One `log_series` row as COPY sends it. */
export interface SeriesCopyRow extends PackedSeries {
	logId: string;
	channel: string;
}

/** The column list `encodeSeriesCopy` writes, in order. */
export const SERIES_COPY_COLUMNS =
	'log_id, channel, t0_us, t1_us, n, times, values, v_min, v_max, v_sum, v_count';

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
const HEADER_BYTES = SIGNATURE.length + 4 + 4;
const FIELDS = 11;
/** Field count, then per field a length word; fixed-width payloads: 2 bigint, 2 int, 2 real, 1 float8. */
const FIXED_ROW_BYTES = 2 + FIELDS * 4 + 8 + 8 + 4 + 4 + 4 + 8 + 4;

const utf8 = new TextEncoder();

/**
 * `log_series` rows in COPY's binary format (PostgreSQL docs, COPY "Binary Format": signature, flags and
 * header-extension words, then per tuple an int16 field count and int32-length-prefixed fields in each
 * type's send format, big-endian; int16 -1 ends the data). Binary lets the packed `times`/`values` go
 * over the wire as they are, where a text parameter would double them to hex and the server would parse
 * that back.
 */
export function encodeSeriesCopy(rows: readonly SeriesCopyRow[]): Uint8Array {
	const names = rows.map((r) => ({ logId: utf8.encode(r.logId), channel: utf8.encode(r.channel) }));
	let size = HEADER_BYTES + 2;
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		size += FIXED_ROW_BYTES + names[i].logId.length + names[i].channel.length;
		size += r.times.length + r.values.length;
		if (r.vMin === null) size -= 4;
		if (r.vMax === null) size -= 4;
	}
	const out = new Uint8Array(size);
	const view = new DataView(out.buffer);
	out.set(SIGNATURE, 0);
	let p = HEADER_BYTES;
	const bytes = (b: Uint8Array) => {
		view.setInt32(p, b.length);
		out.set(b, p + 4);
		p += 4 + b.length;
	};
	const int8 = (x: number) => {
		view.setInt32(p, 8);
		view.setBigInt64(p + 4, BigInt(x));
		p += 12;
	};
	const int4 = (x: number) => {
		view.setInt32(p, 4);
		view.setInt32(p + 4, x);
		p += 8;
	};
	const float4 = (x: number | null) => {
		if (x === null) {
			view.setInt32(p, -1);
			p += 4;
			return;
		}
		view.setInt32(p, 4);
		view.setFloat32(p + 4, x);
		p += 8;
	};
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		view.setInt16(p, FIELDS);
		p += 2;
		bytes(names[i].logId);
		bytes(names[i].channel);
		int8(r.t0Us);
		int8(r.t1Us);
		int4(r.n);
		bytes(r.times);
		bytes(r.values);
		float4(r.vMin);
		float4(r.vMax);
		view.setInt32(p, 8);
		view.setFloat64(p + 4, r.vSum);
		p += 12;
		int4(r.vCount);
	}
	view.setInt16(p, -1);
	return out;
}
