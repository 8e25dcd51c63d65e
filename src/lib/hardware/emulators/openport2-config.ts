import { J2534ErrorCode, J2534Protocol, isKLineProtocol } from '../protocol/openport';
import type { ChannelBase } from './openport2-channel';

/**
 * The J2534-1 GET_CONFIG / SET_CONFIG parameters each emulated channel keeps, with the standard's defaults
 * (K-line timings in its units: P1/P3/P4 in 0.5 ms steps, W and T in ms). A parameter not listed for the
 * channel's protocol is ERR_NOT_SUPPORTED.
 */
export function configDefaults(protocol: number, baud: number): [number, number][] {
	const common: [number, number][] = [
		[0x01, baud], // DATA_RATE
		[0x03, 0] // LOOPBACK
	];
	if (isKLineProtocol(protocol)) {
		return [
			...common,
			[0x06, 0], // P1_MIN
			[0x07, 40], // P1_MAX
			[0x08, 50], // P2_MIN
			[0x09, 100], // P2_MAX
			[0x0a, 110], // P3_MIN
			[0x0b, 10000], // P3_MAX
			[0x0c, 10], // P4_MIN
			[0x0d, 40], // P4_MAX
			[0x0e, 300], // W1
			[0x0f, 20], // W2
			[0x10, 20], // W3
			[0x11, 50], // W4
			[0x12, 300], // W5
			[0x13, 300], // TIDLE
			[0x14, 25], // TINIL
			[0x15, 50], // TWUP
			[0x16, 0], // PARITY
			[0x20, 0] // DATA_BITS
		];
	}
	const can: [number, number][] = [
		...common,
		[0x17, 80], // BIT_SAMPLE_POINT, %
		[0x18, 15] // SYNC_JUMP_WIDTH, %
	];
	if (protocol !== J2534Protocol.ISO15765) return can;
	return [
		...can,
		[0x1e, 0], // ISO15765_BS
		[0x1f, 0], // ISO15765_STMIN
		[0x25, 0] // ISO15765_WFT_MAX
	];
}

/** 0 when `value` may be set, else the J2534 error number. */
export function checkConfig(channel: ChannelBase, param: number, value: number): number {
	if (!channel.config.has(param)) return J2534ErrorCode.NOT_SUPPORTED;
	const bounded = (max: number) => (value <= max ? 0 : J2534ErrorCode.INVALID_IOCTL_VALUE);
	switch (param) {
		case 0x01:
			return value === channel.baud ? 0 : J2534ErrorCode.INVALID_BAUDRATE;
		case 0x03:
			return bounded(1);
		case 0x17:
		case 0x18:
			return bounded(100);
		case 0x1e:
		case 0x1f:
			return bounded(0xff);
		default:
			return bounded(0xffff);
	}
}
