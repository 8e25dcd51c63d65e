// The tune module's public surface: a format-neutral tune model, the TunerStudio ini + msq adapter, table editing,
// diffs, validation before a write and autotune. Pure TypeScript: it runs in workers, in Node and on the server.
export type * from './model';
export { EditConflictError, TuneValueError } from './errors';
export {
	SignatureMismatchError,
	checkSignature,
	normalizeSignature,
	type SignatureDifference
} from './signature';
export { retargetTune, type RetargetResult } from './retarget';
export { bitsIndex, bitsValue, envValue } from './tune-values';

export { tunerStudioFormat, loadMsq, saveMsq, type SaveMsqOptions } from './tunerstudio/msq-format';
export { tunerStudioSchema } from './tunerstudio/schema';
export { tuneToPages, pagesToTune, tidy, type SkippedConstant } from './tunerstudio/pages';
export { constantsInUse } from './tunerstudio/in-use';
export {
	parseMsqDocument,
	renderMsqDocument,
	decodeLatin1,
	encodeLatin1,
	msqSettings,
	msqSignature,
	msqPages,
	type MsqDocument,
	type MsqEntry,
	type MsqPage
} from './msq/document';
export { MsqParseError } from './msq/errors';
export { MsqValueError, decodeMsqValue, encodeMsqValue } from './msq/values';
export { javaDouble } from './msq/java-double';

export {
	addToCells,
	fitCells,
	interpolate2D,
	interpolateColumns,
	interpolateRows,
	mapSelection,
	scaleCells,
	setCells,
	smoothCells,
	SMOOTH_KERNEL,
	type Grid
} from './table/operations';
export {
	checkSelection,
	fitValue,
	selectAll,
	selectionBetween,
	type CellBounds,
	type Selection
} from './table/selection';
export { PasteRangeError, TsvParseError, parseTsv, pasteTsv, toTsv } from './table/tsv';
export {
	applyEdit,
	canRedo,
	canUndo,
	createHistory,
	editOf,
	redo,
	restoreAbandoned,
	sameValue,
	undo,
	type TuneEdit,
	type TuneHistory,
	type ValueChange
} from './table/history';
export {
	axisPosition,
	lookupCurve,
	lookupTable,
	type AxisPosition,
	type CellWeight,
	type OperatingPoint
} from './table/lookup';
export {
	axisValues,
	boundsOf,
	curveView,
	fitsSpec,
	gridValue,
	tableView,
	withValue,
	type CurveView,
	type TableView
} from './table/view';

export {
	diffTunes,
	type CellChange,
	type ConstantDiff,
	type DiffOptions,
	type TuneDiff
} from './diff/diff';
export { describeChange } from './diff/describe';
export { restoreFrom, type RestoreResult } from './diff/restore';

export { validateTune, type ValidateOptions } from './validate/validate';
export {
	blocksBurn,
	newViolations,
	type Severity,
	type Violation,
	type ViolationRule
} from './validate/violation';
export { SPEEDUINO_ROLES, type EngineRoles } from './validate/roles';
export { DEFAULT_BOOST_ADVANCE, limitsFromProfile, type PhysicsLimits } from './validate/physics';

export {
	analyzeVe,
	applyProposals,
	type CellProposal,
	type VeAnalyzeOptions,
	type VeAnalyzeResult,
	type VeTableInput
} from './autotune/ve-analyze';
export {
	DEFAULT_FILTER,
	type LogSample,
	type RejectReason,
	type SampleFilter
} from './autotune/samples';
