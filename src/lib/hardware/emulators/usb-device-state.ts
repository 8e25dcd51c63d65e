import type { UsbControlSetup, UsbInResult } from '../transport/usb';

/** One bulk endpoint of the device's configuration and the interface it belongs to. */
export interface UsbEndpointLayout {
	endpointNumber: number;
	direction: 'in' | 'out';
	interfaceNumber: number;
}

export interface UsbDeviceStateOptions<C extends { configurationValue: number }> {
	/** What `configuration` reads once selectConfiguration(configurationValue) has run. */
	configuration: C;
	/** bInterfaceNumber of every interface in that configuration. */
	interfaces: readonly number[];
	/** The bulk endpoints transferIn/transferOut may use. */
	endpoints: readonly UsbEndpointLayout[];
	/** After open() has succeeded, e.g. to start a poll timer. */
	onOpen?(): void;
	/** When close() or an unplug ends the session, before pending IN transfers are rejected. */
	onEnd?(): void;
}

/** An IN transfer the host has queued and the device has not answered yet. */
export interface PendingIn {
	/** The host's buffer size: more than this is babble. */
	readonly length: number;
	resolve(result: UsbInResult): void;
	reject(err: unknown): void;
}

/** IN transfers waiting for the device, served oldest first (a bulk pipe completes in order). */
export class PendingInTransfers {
	readonly #queue: PendingIn[] = [];

	get size(): number {
		return this.#queue.length;
	}

	/** Queues a transfer; the promise settles when the device answers it or the session ends. */
	add(length: number): Promise<UsbInResult> {
		return new Promise((resolve, reject) => this.#queue.push({ length, resolve, reject }));
	}

	/** The oldest waiting transfer, taken off the queue. */
	take(): PendingIn | undefined {
		return this.#queue.shift();
	}

	rejectAll(err: DOMException): void {
		for (const pending of this.#queue.splice(0)) pending.reject(err);
	}
}

/**
 * The WebUSB `USBDevice` state machine the emulators share, following the WebUSB spec
 * (https://wicg.github.io/webusb/#usbdevice-methods):
 * - a device no longer connected rejects everything with NotFoundError ("If this is no longer
 *   connected to the system, reject promise with a NotFoundError");
 * - anything but open() on a closed device is InvalidStateError ("check if the device is
 *   configured"), and so is claimInterface() before selectConfiguration();
 * - selectConfiguration() and claimInterface() of a value the device lacks are NotFoundError;
 * - an interface-recipient control transfer needs the interface in wIndex's low byte claimed
 *   ("check the validity of the control transfer parameters", InvalidStateError);
 * - transferIn()/transferOut() find their endpoint among the claimed interfaces only ("find the
 *   endpoint"), else NotFoundError;
 * - close() rejects the transfers in flight with AbortError ("abort all other algorithms currently
 *   running against this device") and releases every claimed interface; an unplug rejects them
 *   with NotFoundError, the spec's "no longer connected" error (a browser may say NetworkError
 *   instead; isUsbGone takes both).
 * Kept as the emulators always behaved, where that is looser than the spec: transfers need an open
 * device and a claimed interface but not a selected configuration, releaseInterface() takes any
 * number, and open()/close() on an already open/closed device do their work again.
 */
export class UsbDeviceState<C extends { configurationValue: number }> {
	/** Host IN transfers not answered yet; the emulator serves them, this rejects them at the end. */
	readonly pendingIn = new PendingInTransfers();
	readonly #options: UsbDeviceStateOptions<C>;
	readonly #claimed = new Set<number>();
	#configuration: C | null = null;
	#opened = false;
	#gone = false;

	constructor(options: UsbDeviceStateOptions<C>) {
		this.#options = options;
	}

	get opened(): boolean {
		return this.#opened;
	}

	/** The cable was pulled (unplug()): nothing works any more. */
	get gone(): boolean {
		return this.#gone;
	}

	get configuration(): C | null {
		return this.#configuration;
	}

	open(): void {
		this.#assertPresent();
		this.#opened = true;
		this.#options.onOpen?.();
	}

	close(): void {
		this.#assertPresent();
		this.#opened = false;
		this.#claimed.clear();
		this.#options.onEnd?.();
		this.pendingIn.rejectAll(new DOMException('The transfer was cancelled.', 'AbortError'));
	}

	/** USB cable pulled: pending and later transfers reject with NotFoundError. */
	unplug(): void {
		if (this.#gone) return;
		this.#gone = true;
		this.#opened = false;
		this.#options.onEnd?.();
		this.pendingIn.rejectAll(new DOMException('The device was disconnected.', 'NotFoundError'));
	}

	selectConfiguration(value: number): void {
		this.assertOpen();
		const { configuration } = this.#options;
		if (value !== configuration.configurationValue) {
			throw new DOMException(`No configuration ${value}.`, 'NotFoundError');
		}
		this.#configuration = configuration;
	}

	claimInterface(n: number): void {
		this.assertOpen();
		if (!this.#configuration) {
			throw new DOMException('No configuration selected.', 'InvalidStateError');
		}
		if (!this.#options.interfaces.includes(n)) {
			throw new DOMException(`No interface ${n}.`, 'NotFoundError');
		}
		this.#claimed.add(n);
	}

	releaseInterface(n: number): void {
		this.assertOpen();
		this.#claimed.delete(n);
	}

	assertOpen(): void {
		this.#assertPresent();
		if (!this.#opened) {
			throw new DOMException('The device must be opened first.', 'InvalidStateError');
		}
	}

	/** An interface-recipient request needs that interface claimed; device-recipient ones only an open device. */
	assertControl(setup: UsbControlSetup): void {
		this.assertOpen();
		if (setup.recipient === 'interface' && !this.#claimed.has(setup.index & 0xff)) {
			throw new DOMException('The interface is not claimed.', 'InvalidStateError');
		}
	}

	assertEndpoint(direction: 'in' | 'out', endpoint: number): void {
		this.assertOpen();
		const found = this.#options.endpoints.find(
			(e) => e.endpointNumber === endpoint && e.direction === direction
		);
		if (!found || !this.#claimed.has(found.interfaceNumber)) {
			throw new DOMException(
				`Endpoint ${endpoint} is not part of a claimed interface.`,
				'NotFoundError'
			);
		}
	}

	/**
	 * transferIn(): checks the endpoint (a failure rejects, never throws), queues the transfer and
	 * lets the device `serve` what it can right away.
	 */
	transferIn(endpoint: number, length: number, serve: () => void): Promise<UsbInResult> {
		try {
			this.assertEndpoint('in', endpoint);
		} catch (err) {
			return Promise.reject(err);
		}
		const result = this.pendingIn.add(length);
		serve();
		return result;
	}

	#assertPresent(): void {
		if (this.#gone) throw new DOMException('The device was disconnected.', 'NotFoundError');
	}
}

/** A private copy of a transfer's bytes (the host may reuse its buffer once the promise settles). */
export function copyTransferBytes(data: BufferSource | undefined): Uint8Array {
	if (data === undefined) return new Uint8Array(0);
	if (ArrayBuffer.isView(data)) {
		return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
	}
	return new Uint8Array(data).slice();
}
