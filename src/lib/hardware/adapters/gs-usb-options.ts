import type { CanOpenOptions } from './can-adapter';
import type { GsUsbBringUpOptions } from './gs-usb-bring-up';

export interface GsUsbOpenSettings extends GsUsbBringUpOptions {
	restartMs: number;
}

function positiveInteger(name: string, value: unknown): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
		throw new TypeError(`${name} must be a positive integer (bit/s), got ${String(value)}`);
	}
}

function fraction(name: string, value: unknown): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !(value > 0 && value < 1)) {
		throw new TypeError(`${name} must be a fraction between 0 and 1, got ${String(value)}`);
	}
}

/**
 * CanOpenOptions with gs_usb defaults filled in (500 kbit/s, channel 0, not listen-only,
 * restartMs 0 as Linux's `restart-ms` default). Throws TypeError naming the bad option.
 */
export function checkGsUsbOpenOptions(given: CanOpenOptions | undefined): GsUsbOpenSettings {
	const options = given ?? {};
	const channel = options.channel ?? 0;
	if (!Number.isInteger(channel) || channel < 0 || channel > 0xff) {
		throw new TypeError(`channel must be 0–255, got ${channel}`);
	}
	const bitrate = options.bitrate ?? 500_000;
	positiveInteger('bitrate', bitrate);
	if (options.dataBitrate !== undefined) positiveInteger('dataBitrate', options.dataBitrate);
	fraction('samplePoint', options.samplePoint);
	fraction('dataSamplePoint', options.dataSamplePoint);
	if (options.dataSamplePoint !== undefined && options.dataBitrate === undefined) {
		throw new TypeError('dataSamplePoint needs a dataBitrate (CAN FD)');
	}
	const restartMs = options.restartMs ?? 0;
	if (typeof restartMs !== 'number' || !Number.isFinite(restartMs) || restartMs < 0) {
		throw new TypeError(`restartMs must be 0 (manual) or a delay in ms, got ${String(restartMs)}`);
	}
	return {
		channel,
		bitrate,
		samplePoint: options.samplePoint,
		dataBitrate: options.dataBitrate,
		dataSamplePoint: options.dataSamplePoint,
		listenOnly: options.listenOnly ?? false,
		restartMs
	};
}
