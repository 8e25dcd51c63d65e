export * from './overrides';
export * from './reports';
export { readChannelSamples } from './samples';
