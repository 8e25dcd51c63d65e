import { DbcParseError } from './errors';
import type { DbcToken } from './lexer';
import { DBC_KEYWORDS, type ParseContext } from './parse-context';
import type { DbcMessage, DbcSignal } from './types';

/** Bit 31 of a BO_ id marks a 29-bit identifier (protocols.md §8.1). */
export const EXTENDED_ID_FLAG = 0x80000000;
export const NO_NODE = 'Vector__XXX';

const MUX_MARKER = /^(?:M|m(\d+)(M?))$/;

/** `BO_ <id> <name>: <length> <transmitter>` followed by its `SG_` lines. */
export function parseMessage(ctx: ParseContext, keyword: DbcToken): void {
	const { cur } = ctx;
	const idTok = cur.peek();
	const rawId = cur.expectInteger('message id');
	if (rawId < 0 || rawId > 0xffffffff) cur.fail(`message id ${rawId} is out of range`, idTok);
	const extended = rawId >= EXTENDED_ID_FLAG;
	const id = extended ? rawId - EXTENDED_ID_FLAG : rawId;
	// Vector writes pseudo-messages such as VECTOR__INDEPENDENT_SIG_MSG (0xC0000000) with ids no frame can
	// carry; opendbc has one such id too. They are parsed so later references resolve, then left out.
	const onTheWire = id <= (extended ? 0x1fffffff : 0x7ff);
	const name = cur.expectIdent('message name').text;
	cur.expectPunct(':', 'after the message name');
	const lenTok = cur.peek();
	const length = cur.expectInteger('message length');
	if (length < 0 || length > 64) cur.fail(`message length ${length} is outside 0–64 bytes`, lenTok);
	const sender = cur.isIdent() ? cur.expectIdent('transmitter').text : NO_NODE;
	if (ctx.messages.has(rawId)) {
		throw new DbcParseError(
			`duplicate message id ${rawId} (${name})`,
			keyword.line,
			keyword.column
		);
	}
	const message: DbcMessage = {
		id,
		extended,
		name,
		length,
		senders: sender === NO_NODE ? [] : [sender],
		signals: [],
		fd: false,
		attributes: {},
		line: keyword.line
	};
	while (cur.isIdent('SG_')) {
		const sgTok = cur.next('SG_');
		const signal = parseSignal(ctx, sgTok);
		if (message.signals.some((s) => s.name === signal.name)) {
			throw new DbcParseError(
				`duplicate signal ${signal.name} in ${name}`,
				sgTok.line,
				sgTok.column
			);
		}
		message.signals.push(signal);
	}
	ctx.messages.set(rawId, message);
	if (onTheWire) ctx.db.messages.push(message);
	else
		ctx.db.warnings.push({
			line: keyword.line,
			message: `message ${name} has id ${rawId}, which no CAN frame can carry; left out`
		});
}

/** ` SG_ <name> [M|mN|mNM] : <start>|<len>@<0|1><+|-> (<factor>,<offset>) [<min>|<max>] "<unit>" <rx>,…` */
function parseSignal(ctx: ParseContext, keyword: DbcToken): DbcSignal {
	const { cur } = ctx;
	const name = cur.expectIdent('signal name').text;
	let isMultiplexer = false;
	let multiplexerValue: number | undefined;
	if (cur.isIdent()) {
		const markerTok = cur.next('multiplexer marker');
		const m = MUX_MARKER.exec(markerTok.text);
		if (!m)
			return cur.fail(
				`bad multiplexer marker '${markerTok.text}' (expected M, mN or mNM)`,
				markerTok
			);
		isMultiplexer = m[1] === undefined || m[2] === 'M';
		if (m[1] !== undefined) multiplexerValue = Number(m[1]);
	}
	cur.expectPunct(':', `after signal ${name}`);
	const startTok = cur.peek();
	const startBit = cur.expectInteger('start bit');
	cur.expectPunct('|', 'between start bit and length');
	const lenTok = cur.peek();
	const length = cur.expectInteger('signal length');
	if (length < 1 || length > 64) cur.fail(`signal length ${length} is outside 1–64 bits`, lenTok);
	if (startBit < 0 || startBit > 511) cur.fail(`start bit ${startBit} is outside 0–511`, startTok);
	cur.expectPunct('@', 'before the byte order');
	const orderTok = cur.next('byte order');
	if (orderTok.kind !== 'number' || (orderTok.text !== '0' && orderTok.text !== '1')) {
		cur.fail(`byte order must be 0 (Motorola) or 1 (Intel), found '${orderTok.text}'`, orderTok);
	}
	const signTok = cur.next('sign');
	if (signTok.kind !== 'punct' || (signTok.text !== '+' && signTok.text !== '-')) {
		cur.fail(`sign must be '+' or '-', found '${signTok.text}'`, signTok);
	}
	cur.expectPunct('(', 'before the factor');
	const factor = cur.expectNumber('factor');
	cur.expectPunct(',', 'between factor and offset');
	const offset = cur.expectNumber('offset');
	cur.expectPunct(')', 'after the offset');
	cur.expectPunct('[', 'before the minimum');
	const min = cur.expectNumber('minimum');
	cur.expectPunct('|', 'between minimum and maximum');
	const max = cur.expectNumber('maximum');
	cur.expectPunct(']', 'after the maximum');
	const unit = cur.expectString('unit');
	const receivers = parseNodeList(ctx, keyword.line);
	const unspecified = min === 0 && max === 0;
	return {
		name,
		startBit,
		length,
		byteOrder: orderTok.text === '1' ? 'little_endian' : 'big_endian',
		signed: signTok.text === '-',
		valueType: 'integer',
		factor,
		offset,
		min: unspecified ? undefined : min,
		max: unspecified ? undefined : max,
		unit,
		receivers,
		isMultiplexer,
		multiplexerValue,
		attributes: {},
		line: keyword.line
	};
}

/** Receivers are comma separated; some writers separate them with spaces on the same line. */
function parseNodeList(ctx: ParseContext, line: number): string[] {
	const { cur } = ctx;
	const nodes: string[] = [];
	while (cur.isIdent() && !DBC_KEYWORDS.has(cur.peek()!.text)) {
		const t = cur.peek()!;
		if (t.line !== line && nodes.length > 0 && !cur.isPunct(',', -1)) break;
		cur.next('receiver');
		if (t.text !== NO_NODE) nodes.push(t.text);
		cur.acceptPunct(',');
	}
	return nodes;
}
