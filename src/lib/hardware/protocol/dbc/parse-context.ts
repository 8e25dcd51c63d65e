import type { DbcToken } from './lexer';
import type { TokenCursor } from './token-cursor';
import type { DbcDatabase, DbcMessage, DbcNode, DbcSignal } from './types';

/** Parser state shared by the statement parsers. Message keys are the raw BO_ ids (bit 31 = extended). */
export interface ParseContext {
	cur: TokenCursor;
	db: DbcDatabase;
	messages: Map<number, DbcMessage>;
	nodes: Map<string, DbcNode>;
}

export function findMessage(
	ctx: ParseContext,
	rawId: number,
	at: DbcToken
): DbcMessage | undefined {
	const msg = ctx.messages.get(rawId);
	if (!msg) ctx.db.warnings.push({ line: at.line, message: `no message with id ${rawId}` });
	return msg;
}

export function findSignal(
	ctx: ParseContext,
	rawId: number,
	name: string,
	at: DbcToken
): DbcSignal | undefined {
	const msg = findMessage(ctx, rawId, at);
	if (!msg) return undefined;
	const sig = msg.signals.find((s) => s.name === name);
	if (!sig)
		ctx.db.warnings.push({ line: at.line, message: `no signal ${name} in message ${msg.name}` });
	return sig;
}

export function findNode(ctx: ParseContext, name: string, at: DbcToken): DbcNode | undefined {
	const node = ctx.nodes.get(name);
	if (!node) ctx.db.warnings.push({ line: at.line, message: `no node ${name}` });
	return node;
}

/** Statement keywords; a node list ends where one of these begins. */
export const DBC_KEYWORDS = new Set([
	'VERSION',
	'NS_',
	'NS_DESC_',
	'CM_',
	'BA_DEF_',
	'BA_',
	'VAL_',
	'CAT_DEF_',
	'CAT_',
	'FILTER',
	'BA_DEF_DEF_',
	'EV_',
	'EV_DATA_',
	'ENVVAR_DATA_',
	'SGTYPE_',
	'SGTYPE_VAL_',
	'BA_DEF_SGTYPE_',
	'BA_SGTYPE_',
	'SIG_TYPE_REF_',
	'VAL_TABLE_',
	'SIG_GROUP_',
	'SIG_VALTYPE_',
	'SIGTYPE_VALTYPE_',
	'BO_TX_BU_',
	'BA_DEF_REL_',
	'BA_REL_',
	'BA_DEF_DEF_REL_',
	'BU_SG_REL_',
	'BU_EV_REL_',
	'BU_BO_REL_',
	'SG_MUL_VAL_',
	'BS_',
	'BU_',
	'BO_',
	'SG_'
]);
