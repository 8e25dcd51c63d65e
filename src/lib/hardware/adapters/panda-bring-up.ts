import { AdapterRejectedError } from '../errors';
import type { UsbDeviceLike } from '../transport/usb';
import {
	PANDA_CAN_COUNT,
	PandaProductId,
	PandaReplyLength,
	PandaRequest,
	PandaVersionMismatchError,
	safetyModeName,
	type PandaCanHealth,
	type PandaHealth,
	type PandaPacketVersions
} from '../protocol/panda';
import type { PandaControl } from './panda-control';
import { claimInterfaceOrExplain, openConfigured } from './usb-claim';

const KIND = 'panda';

export interface PandaDeviceInfo {
	/** get_type (PandaHwType). */
	hwType: number;
	/** get_version: the firmware's git version string. */
	version: string;
	packetVersions: PandaPacketVersions;
	serialNumber: string | undefined;
}

export interface PandaBringUpOptions {
	/** What get_packets_versions must report. */
	versions: PandaPacketVersions;
	/** Nominal rate for every bus, kbit/s × 10. */
	speed: number;
	/** CAN FD data rate for every bus, kbit/s × 10. */
	dataSpeed: number | undefined;
	/** set_safety_mode wValue / wIndex. */
	mode: number;
	param: number;
	obdMultiplexer: boolean;
	/** The bus whose can_health confirms the bit rate. */
	channel: number;
	/** Called just before set_safety_mode goes out: from then on a failed open must restore SILENT. */
	onModeSet(): void;
}

/**
 * Claims the panda and brings it up in python Panda.connect's order (packet versions, type, version, comms reset,
 * power saving off, bit rates), then sets the safety mode. The heartbeat goes first: a panda left alone for 2 s
 * has fallen back to SILENT with power saving on, and would turn power saving back on at its next 1 Hz tick if
 * its counter were still high after set_power_save(0). The firmware ignores, without a word, a mode its build
 * lacks and a rate it does not list, so both are read back from health and can_health.
 */
export async function bringUpPanda(
	device: UsbDeviceLike,
	c: PandaControl,
	o: PandaBringUpOptions
): Promise<{ info: PandaDeviceInfo; health: PandaHealth; canHealth: PandaCanHealth }> {
	if (device.productId === PandaProductId.BOOTSTUB) {
		throw new AdapterRejectedError(
			'the panda is running its bootstub (flashing mode, product id 0xddee); reset or reflash it',
			KIND
		);
	}
	await openConfigured(device);
	await claimInterfaceOrExplain(device, 0, {
		message:
			'could not claim the panda: another program (openpilot pandad, a python script) has it open',
		kind: KIND
	});
	const reported = await c.packetVersions();
	if (
		reported === null ||
		reported.health !== o.versions.health ||
		reported.canPacket !== o.versions.canPacket
	) {
		throw new PandaVersionMismatchError(reported, o.versions);
	}
	const type = await c.in('get_type', PandaRequest.GET_TYPE, PandaReplyLength.GET_TYPE);
	const version = await c.in('get_version', PandaRequest.GET_VERSION, PandaReplyLength.GET_VERSION);
	await c.out('send_heartbeat', PandaRequest.SEND_HEARTBEAT);
	await c.out('can_reset_communications', PandaRequest.CAN_RESET_COMMUNICATIONS);
	await c.out('set_power_save', PandaRequest.SET_POWER_SAVE, 0);
	for (let bus = 0; bus < PANDA_CAN_COUNT; bus++) {
		await c.out('set_can_speed_kbps', PandaRequest.SET_CAN_SPEED_KBPS, bus, o.speed);
		if (o.dataSpeed !== undefined) {
			await c.out(
				'set_can_data_speed_kbps',
				PandaRequest.SET_CAN_DATA_SPEED_KBPS,
				bus,
				o.dataSpeed
			);
		}
	}
	o.onModeSet();
	await c.out('set_safety_mode', PandaRequest.SET_SAFETY_MODE, o.mode, o.param);
	// set_safety_mode resets the CAN mode (OBD multiplexer) for silent/noOutput, so set_obd comes after it.
	if (o.obdMultiplexer) await c.out('set_obd', PandaRequest.SET_OBD, 1);
	await c.out('send_heartbeat', PandaRequest.SEND_HEARTBEAT);
	const health = await c.health();
	if (health.safetyMode !== o.mode) {
		throw new AdapterRejectedError(
			`the panda refused safety mode ${safetyModeName(o.mode)}: it reports ${safetyModeName(health.safetyMode)}`,
			KIND
		);
	}
	const canHealth = await c.canHealth(o.channel);
	if (canHealth.canSpeedKbps * 10 !== o.speed) {
		throw new AdapterRejectedError(
			`the panda kept bus ${o.channel} at ${canHealth.canSpeedKbps} kbit/s instead of ${o.speed / 10}`,
			KIND
		);
	}
	return {
		info: {
			hwType: type[0] ?? 0,
			version: String.fromCharCode(...version).replace(/\0.*$/s, ''),
			packetVersions: reported,
			serialNumber: device.serialNumber
		},
		health,
		canHealth
	};
}
