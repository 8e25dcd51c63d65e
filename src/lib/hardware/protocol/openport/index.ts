// Tactrix OpenPort 2.0 J2534 "AT" protocol over USB bulk (protocols.md §4): pure codecs, no I/O.
export * from './constants';
export * from './j2534-errors';
export * from './commands';
export * from './replies';
export { OpenPortRxParser, type OpenPortRxEvent, type OpenPortRxParserOptions } from './rx-stream';
export { OpenPortCommandDecoder, type OpenPortHostCommand } from './command-decoder';
