import type { DbcToken } from './lexer';
import { findMessage, findNode, findSignal, type ParseContext } from './parse-context';
import type { DbcAttributeObjectType, DbcAttributeType, DbcAttributeValue } from './types';

const OBJECT_TYPES: Record<string, DbcAttributeObjectType> = {
	BU_: 'node',
	BO_: 'message',
	SG_: 'signal',
	EV_: 'envVar'
};

/** `BA_DEF_ [BU_|BO_|SG_|EV_] "name" INT lo hi | HEX lo hi | FLOAT lo hi | STRING | ENUM "a","b" ;` */
export function parseAttributeDefinition(ctx: ParseContext): void {
	const { cur } = ctx;
	let objectType: DbcAttributeObjectType = 'network';
	const scope = cur.peek();
	if (scope?.kind === 'ident') {
		const mapped = OBJECT_TYPES[scope.text];
		if (!mapped) cur.fail(`unknown attribute object type '${scope.text}'`);
		objectType = mapped;
		cur.next('object type');
	}
	const name = cur.expectString('attribute name');
	const typeTok = cur.expectIdent('attribute type (INT, HEX, FLOAT, STRING or ENUM)');
	let type: DbcAttributeType;
	switch (typeTok.text) {
		case 'INT':
		case 'HEX':
		case 'FLOAT': {
			const min = cur.expectNumber('attribute minimum');
			const max = cur.expectNumber('attribute maximum');
			type = {
				kind: typeTok.text === 'INT' ? 'int' : typeTok.text === 'HEX' ? 'hex' : 'float',
				min,
				max
			};
			break;
		}
		case 'STRING':
			type = { kind: 'string' };
			break;
		case 'ENUM': {
			const labels: string[] = [];
			if (!cur.isPunct(';')) {
				labels.push(cur.expectString('enum label'));
				while (cur.acceptPunct(',')) labels.push(cur.expectString('enum label'));
			}
			type = { kind: 'enum', labels };
			break;
		}
		default:
			return cur.fail(`unknown attribute type '${typeTok.text}'`, typeTok);
	}
	cur.expectPunct(';', 'after BA_DEF_');
	ctx.db.attributeDefinitions.push({ name, objectType, type });
}

/** `BA_DEF_DEF_ "name" value ;` */
export function parseAttributeDefault(ctx: ParseContext, keyword: DbcToken): void {
	const { cur } = ctx;
	const nameTok = cur.peek();
	const name = cur.expectString('attribute name');
	const value = parseValue(ctx);
	cur.expectPunct(';', 'after BA_DEF_DEF_');
	const def = ctx.db.attributeDefinitions.find((d) => d.name === name);
	if (def) def.default = value;
	else
		ctx.db.warnings.push({
			line: (nameTok ?? keyword).line,
			message: `default for undefined attribute ${name}`
		});
}

/** `BA_ "name" [BU_ node | BO_ id | SG_ id sig | EV_ name] value ;` */
export function parseAttribute(ctx: ParseContext): void {
	const { cur } = ctx;
	const name = cur.expectString('attribute name');
	const scope = cur.peek();
	let target: Record<string, DbcAttributeValue> | undefined = ctx.db.attributes;
	if (scope?.kind === 'ident') {
		cur.next('object type');
		switch (scope.text) {
			case 'BU_':
				target = findNode(ctx, cur.expectIdent('node name').text, scope)?.attributes;
				break;
			case 'BO_':
				target = findMessage(ctx, cur.expectInteger('message id'), scope)?.attributes;
				break;
			case 'SG_': {
				const id = cur.expectInteger('message id');
				target = findSignal(ctx, id, cur.expectIdent('signal name').text, scope)?.attributes;
				break;
			}
			case 'EV_':
				cur.expectIdent('environment variable name');
				target = undefined;
				break;
			default:
				cur.fail(`unknown attribute object type '${scope.text}'`, scope);
		}
	}
	const value = parseValue(ctx);
	cur.expectPunct(';', 'after BA_');
	if (target) target[name] = value;
}

function parseValue(ctx: ParseContext): DbcAttributeValue {
	const t = ctx.cur.peek();
	if (t?.kind === 'string') return ctx.cur.expectString('attribute value');
	return ctx.cur.expectNumber('attribute value (number or string)');
}
