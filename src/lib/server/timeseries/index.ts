export * from './errors';
export * from './ingest';
export * from './logs';
export * from './query';
export * from './store';
