export * from './auth';
export * from './telemetry';
export * from './safety';
export * from './vehicle-safety';
export * from './shops';
export * from './jobs';
export * from './analytics';
