export * from './download';
export * from './export-formats';
export * from './log-windows';
