// Node-only transports (TCP, serial ports) for the CLI. Kept out of index.ts so browser bundles never see node:net.
export {
	connectTcp,
	duplexByteStream,
	AdapterConnectError,
	type NodeByteStream
} from './transport/node-tcp';
export { openNodeSerial } from './transport/node-serial';
