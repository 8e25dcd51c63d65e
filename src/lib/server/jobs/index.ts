export * from './bays';
export * from './calendar';
export * from './jobs';
export * from './notes';
export * from './time-entries';
export * from './wall-time';
