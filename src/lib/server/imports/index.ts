export * from './detect-format';
export * from './errors';
export * from './http-errors';
export * from './import-log';
export * from './import-query';
export * from './limits';
