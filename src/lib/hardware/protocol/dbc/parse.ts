import { DbcParseError } from './errors';
import { tokenizeDbc, type DbcToken } from './lexer';
import {
	parseAttribute,
	parseAttributeDefault,
	parseAttributeDefinition
} from './parse-attributes';
import {
	DBC_KEYWORDS,
	findMessage,
	findNode,
	findSignal,
	type ParseContext
} from './parse-context';
import { NO_NODE, parseMessage } from './parse-message';
import { finishDatabase } from './parse-finish';
import { TokenCursor } from './token-cursor';
import type { DbcDatabase } from './types';

const UNMODELLED_STATEMENT = /^[A-Z][A-Z0-9_]*$/;

/**
 * Parses DBC text (protocols.md §8.1). DBC files are Latin-1 (cp1252) on disk: callers decode the bytes first,
 * for example `new TextDecoder('latin1').decode(bytes)`; this function never sees bytes.
 * Statements it does not model (EV_, SIG_GROUP_, BA_REL_, …) are skipped up to their `;`.
 * @throws DbcParseError with the 1-based line and column of the offending token.
 */
export function parseDbc(text: string): DbcDatabase {
	const tokens = tokenizeDbc(text);
	const endLine = text.split('\n').length;
	const ctx: ParseContext = {
		cur: new TokenCursor({ tokens, endLine }),
		db: {
			version: '',
			nodes: [],
			messages: [],
			valueTables: new Map(),
			attributeDefinitions: [],
			attributes: {},
			warnings: []
		},
		messages: new Map(),
		nodes: new Map()
	};
	const { cur } = ctx;
	while (!cur.done) {
		const keyword = cur.next('a statement');
		if (keyword.kind !== 'ident')
			cur.fail(`expected a statement keyword, found '${keyword.text}'`, keyword);
		parseStatement(ctx, keyword);
	}
	finishDatabase(ctx);
	return ctx.db;
}

function parseStatement(ctx: ParseContext, keyword: DbcToken): void {
	const { cur, db } = ctx;
	switch (keyword.text) {
		case 'VERSION':
			db.version = cur.expectString('version');
			return;
		case 'NS_':
			cur.expectPunct(':', 'after NS_');
			// The new-symbols list has no terminator; its entries are indented or on the NS_ line (every writer
			// puts them so), while statements start in column 1.
			while (cur.isIdent() && !cur.isIdent('BS_') && !cur.isIdent('BU_')) {
				const t = cur.peek()!;
				if (t.column === 1 && t.line !== keyword.line) break;
				cur.next('symbol');
			}
			return;
		case 'BS_':
			cur.expectPunct(':', 'after BS_');
			if (cur.isNumberStart()) {
				cur.expectNumber('baud rate');
				cur.expectPunct(':', 'after the baud rate');
				cur.expectNumber('BTR1');
				cur.expectPunct(',', 'between BTR1 and BTR2');
				cur.expectNumber('BTR2');
			}
			return;
		case 'BU_':
			cur.expectPunct(':', 'after BU_');
			while (cur.isIdent() && !DBC_KEYWORDS.has(cur.peek()!.text)) {
				// Like NS_, the node list has no terminator; continuation lines are indented.
				const t = cur.peek()!;
				if (t.column === 1 && t.line !== keyword.line) break;
				const name = cur.next('node name').text;
				cur.acceptPunct(',');
				if (name === NO_NODE || ctx.nodes.has(name)) continue;
				const node = { name, attributes: {} };
				ctx.nodes.set(name, node);
				db.nodes.push(node);
			}
			return;
		case 'BO_':
			parseMessage(ctx, keyword);
			return;
		case 'SG_':
			cur.fail('SG_ outside a BO_ message', keyword);
			return;
		case 'CM_':
			parseComment(ctx);
			return;
		case 'BA_DEF_':
			parseAttributeDefinition(ctx);
			return;
		case 'BA_DEF_DEF_':
			parseAttributeDefault(ctx, keyword);
			return;
		case 'BA_':
			parseAttribute(ctx);
			return;
		case 'VAL_':
			parseValueDescriptions(ctx, keyword);
			return;
		case 'VAL_TABLE_': {
			const name = cur.expectIdent('value table name').text;
			db.valueTables.set(name, parseChoices(ctx));
			cur.expectPunct(';', 'after VAL_TABLE_');
			return;
		}
		case 'SIG_VALTYPE_':
			parseSignalValueType(ctx, keyword);
			return;
		case 'SG_MUL_VAL_':
			parseMuxRanges(ctx, keyword);
			return;
		case 'BO_TX_BU_': {
			const msg = findMessage(ctx, cur.expectInteger('message id'), keyword);
			cur.expectPunct(':', 'after the BO_TX_BU_ message id');
			while (cur.isIdent()) {
				const sender = cur.next('sender').text;
				if (msg && sender !== NO_NODE && !msg.senders.includes(sender)) msg.senders.push(sender);
				if (!cur.acceptPunct(',')) break;
			}
			cur.expectPunct(';', 'after BO_TX_BU_');
			return;
		}
		default:
			if (!UNMODELLED_STATEMENT.test(keyword.text)) {
				throw new DbcParseError(
					`unknown statement '${keyword.text}'`,
					keyword.line,
					keyword.column
				);
			}
			cur.skipStatement(keyword);
	}
}

/** `CM_ ["text" | BU_ node "text" | BO_ id "text" | SG_ id sig "text" | EV_ name "text"] ;` */
function parseComment(ctx: ParseContext): void {
	const { cur } = ctx;
	const scope = cur.peek();
	if (scope?.kind === 'string') {
		ctx.db.comment = cur.expectString('comment');
	} else if (scope?.kind === 'number') {
		// opendbc's hyundai_can.dbc writes `CM_ 145 "…";`; read it as the comment of message 145.
		const msg = findMessage(ctx, cur.expectInteger('message id'), scope);
		const text = cur.expectString('comment');
		if (msg) msg.comment = text;
		ctx.db.warnings.push({
			line: scope.line,
			message: 'CM_ with a bare message id; read as CM_ BO_'
		});
	} else {
		const kind = cur.expectIdent('comment target (BU_, BO_, SG_, EV_) or a string');
		let target: { comment?: string } | undefined;
		switch (kind.text) {
			case 'BU_':
				target = findNode(ctx, cur.expectIdent('node name').text, kind);
				break;
			case 'BO_':
				target = findMessage(ctx, cur.expectInteger('message id'), kind);
				break;
			case 'SG_': {
				const id = cur.expectInteger('message id');
				if (cur.peek()?.kind === 'string') {
					// opendbc's Honda files write `CM_ SG_ 304 "…";` with no signal name; keep it on the message.
					target = findMessage(ctx, id, kind);
					ctx.db.warnings.push({
						line: kind.line,
						message: 'CM_ SG_ without a signal name; read as CM_ BO_'
					});
					break;
				}
				target = findSignal(ctx, id, cur.expectIdent('signal name').text, kind);
				break;
			}
			case 'EV_':
				cur.expectIdent('environment variable name');
				break;
			default:
				cur.fail(`unknown comment target '${kind.text}'`, kind);
		}
		const text = cur.expectString('comment');
		if (target) target.comment = text;
	}
	cur.expectPunct(';', 'after CM_');
}

/** `VAL_ <id> <signal> (<raw> "<label>")* ;` or the environment-variable form `VAL_ <name> … ;`. */
function parseValueDescriptions(ctx: ParseContext, keyword: DbcToken): void {
	const { cur } = ctx;
	if (cur.isIdent()) {
		cur.next('environment variable name');
		parseChoices(ctx);
	} else {
		const id = cur.expectInteger('message id');
		const sigTok = cur.expectIdent('signal name');
		const choices = parseChoices(ctx);
		const sig = findSignal(ctx, id, sigTok.text, keyword);
		if (sig) sig.choices = choices;
	}
	cur.expectPunct(';', 'after VAL_');
}

function parseChoices(ctx: ParseContext): Map<number, string> {
	const { cur } = ctx;
	const choices = new Map<number, string>();
	while (cur.isNumberStart()) {
		const raw = cur.expectNumber('raw value');
		choices.set(raw, cur.expectString('value label'));
	}
	return choices;
}

/** `SIG_VALTYPE_ <id> <signal> : <1|2> ;` (1 = IEEE float32, 2 = float64). */
function parseSignalValueType(ctx: ParseContext, keyword: DbcToken): void {
	const { cur } = ctx;
	const id = cur.expectInteger('message id');
	const sigTok = cur.expectIdent('signal name');
	cur.acceptPunct(':');
	const typeTok = cur.peek();
	const type = cur.expectInteger('value type');
	cur.expectPunct(';', 'after SIG_VALTYPE_');
	if (type < 0 || type > 2) cur.fail(`SIG_VALTYPE_ must be 0, 1 or 2, found ${type}`, typeTok);
	const sig = findSignal(ctx, id, sigTok.text, keyword);
	if (!sig || type === 0) return;
	const bits = type === 1 ? 32 : 64;
	if (sig.length !== bits) {
		throw new DbcParseError(
			`signal ${sig.name} is ${sig.length} bits but SIG_VALTYPE_ ${type} needs ${bits}`,
			typeTok!.line,
			typeTok!.column
		);
	}
	sig.valueType = type === 1 ? 'float32' : 'float64';
}

/** `SG_MUL_VAL_ <id> <signal> <switch> <lo>-<hi>, … ;` */
function parseMuxRanges(ctx: ParseContext, keyword: DbcToken): void {
	const { cur } = ctx;
	const id = cur.expectInteger('message id');
	const sigTok = cur.expectIdent('signal name');
	const switchName = cur.expectIdent('multiplexer switch name').text;
	const ranges: { lo: number; hi: number }[] = [];
	do {
		const lo = cur.expectInteger('range start');
		cur.expectPunct('-', 'in the range');
		const hi = cur.expectInteger('range end');
		ranges.push({ lo, hi });
	} while (cur.acceptPunct(','));
	cur.expectPunct(';', 'after SG_MUL_VAL_');
	const sig = findSignal(ctx, id, sigTok.text, keyword);
	if (!sig) return;
	sig.multiplexerSignal = switchName;
	sig.multiplexerRanges = [...(sig.multiplexerRanges ?? []), ...ranges];
}
