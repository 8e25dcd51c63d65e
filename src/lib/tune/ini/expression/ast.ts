/** The expression tree; `start`/`end` are offsets into the source text, for error positions. */
export type ExpressionNode =
	| { type: 'number'; value: number; start: number; end: number }
	| { type: 'text'; value: string; start: number; end: number }
	| { type: 'name'; name: string; start: number; end: number }
	/** `outputPin[3]`: an element of an array constant. */
	| { type: 'index'; name: string; index: ExpressionNode; start: number; end: number }
	| { type: 'unary'; operator: UnaryOperator; operand: ExpressionNode; start: number; end: number }
	| {
			type: 'binary';
			operator: BinaryOperator;
			left: ExpressionNode;
			right: ExpressionNode;
			start: number;
			end: number;
	  }
	| {
			type: 'conditional';
			test: ExpressionNode;
			consequent: ExpressionNode;
			alternate: ExpressionNode;
			start: number;
			end: number;
	  }
	| { type: 'call'; callee: string; args: ExpressionNode[]; start: number; end: number };

export type UnaryOperator = '-' | '+' | '!' | '~';

export type BinaryOperator =
	| '||'
	| '&&'
	| '|'
	| '^'
	| '&'
	| '=='
	| '!='
	| '<'
	| '<='
	| '>'
	| '>='
	| '<<'
	| '>>'
	| '+'
	| '-'
	| '*'
	| '/'
	| '%';

/**
 * Binding power of each binary operator, C's order (C11 §6.5; Java's is the same), loosest first. The ternary
 * `?:` binds looser than all of them and groups to the right.
 */
export const BINARY_PRECEDENCE = {
	'||': 2,
	'&&': 3,
	'|': 4,
	'^': 5,
	'&': 6,
	'==': 7,
	'!=': 7,
	'<': 8,
	'<=': 8,
	'>': 8,
	'>=': 8,
	'<<': 9,
	'>>': 9,
	'+': 10,
	'-': 10,
	'*': 11,
	'/': 11,
	'%': 11
} as const satisfies Record<BinaryOperator, number>;

export const TERNARY_PRECEDENCE = 1;
export const UNARY_PRECEDENCE = 12;

/**
 * Every name the expression reads: bare names, indexed arrays and names passed to functions (`arrayValue`'s
 * array, `bitStringValue`'s label list). What a dependency sort needs before anything is compiled.
 */
export function namesIn(node: ExpressionNode, into: Set<string> = new Set()): Set<string> {
	switch (node.type) {
		case 'name':
			into.add(node.name);
			break;
		case 'index':
			into.add(node.name);
			namesIn(node.index, into);
			break;
		case 'unary':
			namesIn(node.operand, into);
			break;
		case 'binary':
			namesIn(node.left, into);
			namesIn(node.right, into);
			break;
		case 'conditional':
			namesIn(node.test, into);
			namesIn(node.consequent, into);
			namesIn(node.alternate, into);
			break;
		case 'call':
			for (const arg of node.args) namesIn(arg, into);
			break;
	}
	return into;
}
