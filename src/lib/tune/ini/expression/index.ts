export { namesIn, type ExpressionNode, type BinaryOperator, type UnaryOperator } from './ast';
export { compileExpression, compileTree, truthy, type CompiledExpression } from './compile';
export {
	ExpressionCycleError,
	IniExpressionError,
	type IniExpressionErrorCode,
	type IniExpressionErrorOptions
} from './errors';
export { FUNCTION_NAMES } from './functions';
export { dependencyOrder } from './dependency-order';
export { MAX_DEPTH, parseExpression, type ExpressionLocation } from './parse';
export {
	fixedScope,
	inputScope,
	type EnvValue,
	type ExpressionEnv,
	type ExpressionScope,
	type NameBinding,
	type ValueType
} from './scope';
export { tokenize, type Token } from './tokenize';
