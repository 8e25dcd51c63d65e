export * from './analytics-view';
export * from './cell-cache';
export * from './channel-kinds';
export * from './drift-view';
export * from './economy';
export * from './log-vehicle';
export * from './summaries';
export * from './zones';
