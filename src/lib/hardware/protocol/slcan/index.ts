export * from './dialect';
export * from './commands';
export * from './frame-line';
export * from './line-splitter';
export * from './status';
export * from './timestamp';
