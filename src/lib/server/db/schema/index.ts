export * from './auth';
export * from './telemetry';
export * from './safety';
