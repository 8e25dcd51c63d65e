import { MalformedTransferError } from '../errors';
import type { UsbControlSetup, UsbDeviceLike } from '../transport/usb';
import {
	PANDA_CAN_HEALTH_SIZE,
	PANDA_HEALTH_SIZE,
	PandaReplyLength,
	PandaRequest,
	decodePandaCanHealth,
	decodePandaHealth,
	type PandaCanHealth,
	type PandaHealth,
	type PandaPacketVersions
} from '../protocol/panda';
import { controlTransferOk } from './usb-control';

const KIND = 'panda';

/**
 * Vendor control transfers as python/__init__.py issues them: device recipient, wValue = param1, wIndex =
 * param2, empty OUT data stage. WebUSB has no control timeout, so each one races `timeoutMs`.
 */
export class PandaControl {
	readonly #device: UsbDeviceLike;
	readonly #timeoutMs: number;

	constructor(options: { device: UsbDeviceLike; timeoutMs: number }) {
		this.#device = options.device;
		this.#timeoutMs = options.timeoutMs;
	}

	async out(name: string, request: number, param1 = 0, param2 = 0): Promise<void> {
		await controlTransferOk(this.#device.controlTransferOut(setup(request, param1, param2)), {
			name,
			timeoutMs: this.#timeoutMs,
			kind: KIND
		});
	}

	async in(
		name: string,
		request: number,
		length: number,
		param1 = 0,
		param2 = 0
	): Promise<Uint8Array> {
		const result = await controlTransferOk(
			this.#device.controlTransferIn(setup(request, param1, param2), length),
			{ name, timeoutMs: this.#timeoutMs, kind: KIND }
		);
		const data = result.data;
		if (!data) return new Uint8Array(0);
		return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
	}

	/** get_packets_versions (0xDD): null when the firmware answers in the pre-hash 3-byte form or not at all. */
	async packetVersions(): Promise<PandaPacketVersions | null> {
		const bytes = await this.in(
			'get_packets_versions',
			PandaRequest.GET_PACKET_VERSIONS,
			PandaReplyLength.GET_PACKET_VERSIONS
		);
		if (bytes.length !== 8) return null;
		const view = new DataView(bytes.buffer);
		return { health: view.getUint32(0, true), canPacket: view.getUint32(4, true) };
	}

	async health(): Promise<PandaHealth> {
		const bytes = await this.in('health', PandaRequest.HEALTH, PandaReplyLength.HEALTH);
		return decodePandaHealth(exact(bytes, PANDA_HEALTH_SIZE, 'health'));
	}

	async canHealth(bus: number): Promise<PandaCanHealth> {
		const bytes = await this.in(
			'can_health',
			PandaRequest.CAN_HEALTH,
			PandaReplyLength.CAN_HEALTH,
			bus
		);
		return decodePandaCanHealth(exact(bytes, PANDA_CAN_HEALTH_SIZE, 'can_health'));
	}
}

function setup(request: number, value: number, index: number): UsbControlSetup {
	return { requestType: 'vendor', recipient: 'device', request, value, index };
}

/** The firmware answers an unknown bus with an empty reply; say so rather than report a bare length error. */
function exact(bytes: Uint8Array, size: number, what: string): Uint8Array {
	if (bytes.length === 0) {
		throw new MalformedTransferError(
			`${what}: the panda sent no data, where its ${size}-byte struct was expected`,
			KIND
		);
	}
	return bytes;
}
