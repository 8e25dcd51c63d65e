// Log file formats: every importer writes the same LogSink rows, so an imported file becomes an ordinary log.
export { byteChunks, textChunks, type ByteSource, type TextSource } from './byte-source';
export {
	ImportedLogBuilder,
	uniqueChannelNames,
	type ChannelDef,
	type ImportedChannel,
	type ImportedLog,
	type LogMarker,
	type LogSink,
	type LogSourceFormat,
	type LogStart
} from './imported-log';
export {
	ChunkingSink,
	chunksFromImportedLog,
	type ImportChunkOptions
} from './imported-log-chunks';
export { alignedRows, type AlignedRow } from './aligned-rows';

export {
	MlgFormatError,
	mlgDisplayValue,
	type MlgField,
	type MlgFormatProblem,
	type MlgHeader
} from './mlg-format';
export { MlgDecoder, type MlgBlockPosition, type MlgDecoderOptions } from './mlg-decoder';
export { importMlg, readMlgLog, type MlgImportOptions, type MlgImportSummary } from './mlg-import';
export { MlgWriter, type MlgWriterField, type MlgWriterOptions } from './mlg-writer';
export { exportMlg, type MlgExportOptions } from './mlg-export';

export { CsvLogMappingSchema, type CsvLogMapping, type CsvLogMappingInput } from './csv-mapping';
export { CsvLogError } from './csv-table';
export {
	CsvLogParser,
	importCsvLog,
	readCsvLog,
	type CsvImportSummary,
	type CsvLogOptions
} from './csv-log';
export { exportCsv, type CsvExportOptions } from './csv-export';

export {
	DynoMappingSchema,
	DYNO_VENDORS,
	type DynoMapping,
	type DynoMappingInput,
	type DynoVendor
} from './dyno-mapping';
export { proposeDynoMapping, type DynoMappingProposal } from './dyno-detect';
export { DynoImportError, readDynoCsv, type DynoCsvOptions } from './dyno-csv';
export { dynoPoint, type DynoPoint, type DynoRun, type DynoSample } from './dyno-run';
