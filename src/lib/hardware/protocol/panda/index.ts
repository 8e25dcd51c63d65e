export * from './requests';
export * from './can-packet';
export * from './health';
export * from './safety';
export * from './errors';
