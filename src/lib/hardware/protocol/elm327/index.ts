export * from './command';
export * from './format';
export * from './hex-line';
export * from './identify';
export * from './monitor-line';
export * from './reply';
export * from './responses';
export * from './status';
