export type * from './model';
export type * from './ui-model';
export {
	DATA_TYPES,
	isDataType,
	readRaw,
	writeRaw,
	rawToUser,
	userToRaw,
	extractBits,
	insertBits
} from './data-types';
export { IniParseError } from './errors';
export { parseIni, type ParseIniOptions } from './parse-ini';
export { byteLength } from './parse-constants';
export { readConstant, writeConstant, type ConstantValue } from './constant-values';
export {
	constantInputs,
	definitionScope,
	type DefinitionScope,
	type DefinitionScopeOptions
} from './definition-scope';
export * from './expression';
export { compileConditions, definitionConditions, type ConditionSet } from './conditions';
