/**
 * The slice of WebUSB's `USBDevice` that adapter drivers use. A real `USBDevice` satisfies it structurally,
 * and so do the emulators, the page→worker relay and a future node-usb wrapper, so drivers never touch a
 * platform API (STYLE R14; A6 keeps USB quirks in the transport the same way).
 * Semantics follow the WebUSB spec (https://wicg.github.io/webusb/): a transfer to a vanished device rejects
 * with a DOMException named `NotFoundError` or `NetworkError`.
 */
export type UsbTransferStatus = 'ok' | 'stall' | 'babble';

export interface UsbInResult {
	status: UsbTransferStatus;
	data?: DataView;
}

export interface UsbOutResult {
	status: UsbTransferStatus;
	bytesWritten: number;
}

export interface UsbControlSetup {
	requestType: 'standard' | 'class' | 'vendor';
	recipient: 'device' | 'interface' | 'endpoint' | 'other';
	request: number;
	value: number;
	index: number;
}

export interface UsbDeviceLike {
	readonly vendorId: number;
	readonly productId: number;
	readonly productName?: string | undefined;
	readonly serialNumber?: string | undefined;
	readonly opened: boolean;
	open(): Promise<void>;
	close(): Promise<void>;
	selectConfiguration(configurationValue: number): Promise<void>;
	claimInterface(interfaceNumber: number): Promise<void>;
	releaseInterface(interfaceNumber: number): Promise<void>;
	controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult>;
	controlTransferOut(setup: UsbControlSetup, data?: BufferSource): Promise<UsbOutResult>;
	transferIn(endpointNumber: number, length: number): Promise<UsbInResult>;
	transferOut(endpointNumber: number, data: BufferSource): Promise<UsbOutResult>;
}

/** True for the DOMException names WebUSB uses when the device is gone. */
export function isUsbGone(err: unknown): boolean {
	const name = (err as { name?: string } | null)?.name;
	return name === 'NotFoundError' || name === 'NetworkError' || name === 'InvalidStateError';
}
