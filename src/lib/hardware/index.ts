// The hardware stack's public surface (ARCHITECTURE.md): live/, state/ and workers/ import only this.
export type { CanFrame } from './protocol/can-frame';
export * from './errors';
export type { CanAdapter, CanOpenOptions, CanSink, BusState } from './adapters/can-adapter';
export {
	GsUsbAdapter,
	type GsUsbAdapterOptions,
	type GsUsbDeviceInfo,
	type GsUsbStats,
	type GsUsbWarning,
	type BusReport
} from './adapters/gs-usb';
export { STANDARD_BITRATES } from './protocol/bit-timing';
export type { UsbDeviceLike } from './transport/usb';
export {
	GS_USB_FILTERS,
	USB_FILTERS,
	findGrantedUsbDevice,
	requestUsbDevice,
	type UsbFilterFamily,
	onUsbDisconnect,
	type UsbLike
} from './transport/web-usb';
export { connectUsbRelay, serveUsbDevice } from './transport/usb-relay';
export { connectSerialRelay, serveSerialPort } from './transport/serial-relay';
export {
	SERIAL_FILTERS,
	requestSerialPort,
	findGrantedSerialPort,
	type SerialLike,
	type SerialPortFilterLike,
	type SerialFamily as SerialFilterFamily
} from './transport/web-serial';
export {
	GsUsbEmulator,
	type GsUsbEmulatorOptions,
	CANDLELIGHT_FEATURES,
	CANDLELIGHT_FD_FEATURES
} from './emulators/gs-usb-device';
export type { CanBusSource } from './emulators/can-bus-source';
export { SimulatedVehicle } from './emulators/vehicle/simulated-vehicle';
export { SCENARIO_NAMES, isScenarioName, type ScenarioName } from './emulators/vehicle/scenarios';
export * from './protocol/dbc';
export { SlcanAdapter, type SlcanAdapterOptions, type SlcanWarning } from './adapters/slcan';
export { SlcanEmulator, type SlcanEmulatorOptions } from './emulators/slcan-device';
export type { SlcanDialect } from './protocol/slcan/dialect';
export type {
	SerialPortLike,
	SerialPortInfoLike,
	ByteStream,
	SerialOpenOptions
} from './transport/serial';
export { openSerial } from './transport/serial';
export {
	IsoTpLink,
	IsoTpSender,
	IsoTpReceiver,
	createFramePort,
	IsoTpError,
	IsoTpTimeoutError,
	IsoTpSequenceError,
	IsoTpOverflowError,
	IsoTpProtocolError,
	encodeFrame as encodeIsoTpFrame,
	decodeFrame as decodeIsoTpFrame,
	type CanFramePort,
	type IsoTpLinkOptions
} from './protocol/isotp';
export * from './protocol/uds';
export {
	Elm327Adapter,
	type Elm327AdapterOptions,
	type Elm327InitOptions,
	type Elm327QueryResult,
	type Elm327Warning,
	type Elm327Rate
} from './adapters/elm327';
export { Elm327Emulator, type Elm327EmulatorOptions } from './emulators/elm327-device';
export {
	Elm327StatusError,
	type EcuResponse,
	type Elm327Identity,
	type ElmStatus
} from './protocol/elm327';
export * from './protocol/obd2';
export { ObdResponder, type ObdResponderOptions } from './emulators/vehicle/obd-responder';
export { createIsoTpUdsLink } from './protocol/uds/isotp-link';
export { createAdapterFramePort } from './adapters/can-frame-port';
export { UdsResponder, type UdsResponderOptions } from './emulators/vehicle/uds-responder';
export { demoSeedToKey } from './emulators/vehicle/uds-security';
export {
	PandaAdapter,
	type PandaAdapterOptions,
	type PandaSafetyChoice,
	type PandaWarning,
	type PandaDeviceInfo,
	type PandaStats
} from './adapters/panda';
export { PandaEmulator, type PandaEmulatorOptions } from './emulators/panda-device';
export {
	PANDA_USB_FILTERS,
	PANDA_PACKET_VERSIONS,
	PandaSafetyMode,
	PandaHwType,
	PandaChecksumError,
	PandaVersionMismatchError,
	type PandaHealth,
	type PandaCanHealth,
	type PandaPacketVersions
} from './protocol/panda';
export {
	TunerStudioAdapter,
	SignatureMismatchError,
	type TunerStudioAdapterOptions,
	type TunerStudioConnectOptions,
	type TunerStudioIdentity,
	type TunerStudioPoll,
	type TunerStudioWarning,
	type OutputSink,
	type PollRate
} from './adapters/tunerstudio';
export {
	SpeeduinoEmulator,
	type SpeeduinoEmulatorOptions,
	type VehicleSource
} from './emulators/speeduino-device';
export { readMsq, msqPageImages, type MsqTune } from './emulators/msq-pages';
export {
	EcuReturnCodeError,
	EcuRxTimeoutError,
	EcuCrcError,
	EcuUnknownCommandError,
	EcuRangeError,
	EcuBusyError,
	EcuFlashLockedError,
	EcuSequenceError,
	EcuFramingError,
	EnvelopeCrcError,
	EnvelopeLengthError,
	expectedSampleRate,
	compileOutputChannels,
	decodeOutputChannels,
	type OutputSample,
	type SampleRateEstimate,
	type SampleRateInputs
} from './protocol/tunerstudio';
export {
	openElm327UdsLink,
	type Elm327UdsLink,
	type Elm327UdsLinkOptions
} from './adapters/elm327-uds-link';
export type { Elm327Protocol } from './adapters/elm327';
export { CAR_OBD_BUSES, type CarObdBus } from './emulators/elm327-device-kline-ecu';
export type { KLineTiming } from './emulators/elm327-device-kline';
export {
	ELM_PROTOCOLS,
	protocolFamily,
	mergeLegacyObdResponses,
	splitLegacyObdResponse,
	type ElmBusFamily
} from './protocol/elm327';
export {
	OpenPort2,
	type OpenPort2Options,
	type OpenPort2Warning,
	type OpenPort2Stats,
	type ChannelListener as OpenPort2ChannelListener,
	type ChannelMessage as OpenPort2ChannelMessage
} from './adapters/openport2';
export { OpenPort2CanAdapter, type OpenPort2CanAdapterOptions } from './adapters/openport2-can';
export { OpenPort2IsoTpLink, type OpenPort2IsoTpLinkOptions } from './adapters/openport2-isotp';
export {
	OpenPort2KLine,
	type OpenPort2KLineOptions,
	type KLineMessage
} from './adapters/openport2-kline';
export { OpenPort2Emulator, type OpenPort2EmulatorOptions } from './emulators/openport2-device';
export { KLineEcu, type KLineEcuOptions } from './emulators/openport2-kline-ecu';
export {
	J2534Error,
	J2534ErrorCode,
	J2534Protocol,
	OPENPORT_USB_ID,
	j2534ErrorName
} from './protocol/openport';
