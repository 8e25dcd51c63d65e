export * from './auth';
export * from './telemetry';
