import { AdapterRejectedError, MalformedTransferError } from '../../errors';
import type { PandaPacketVersions } from './requests';

const KIND = 'panda';

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * A CANPacket whose bytes do not XOR to zero (can_comms.h / python unpack_can_buffer: the checksum byte makes the
 * XOR over header and payload 0). `streamOffset` is where the packet starts, counted in bytes of the RX stream
 * since the unpacker was created or reset, so a packet that straddled two transfers is still located exactly.
 */
export class PandaChecksumError extends MalformedTransferError {
	override name = 'PandaChecksumError';
	constructor(
		readonly streamOffset: number,
		readonly packet: Uint8Array,
		readonly xor: number
	) {
		super(
			`panda CAN packet at stream byte ${streamOffset} (${packet.length} bytes, header ` +
				`${Array.from(packet.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ')}) ` +
				`fails its checksum: its bytes XOR to 0x${xor.toString(16).padStart(2, '0')}, not 0`,
			KIND
		);
	}
}

/**
 * get_packets_versions disagrees with the layouts this driver decodes. python/__init__.py refuses the same way
 * ("packet version mismatch … Reflash panda"): a different CANPacket or health struct would be misread silently.
 */
export class PandaVersionMismatchError extends AdapterRejectedError {
	override name = 'PandaVersionMismatchError';
	constructor(
		readonly reported: PandaPacketVersions | null,
		readonly expected: PandaPacketVersions
	) {
		super(
			reported === null
				? 'the panda firmware predates hashed packet versions (get_packets_versions did not return 8 bytes); ' +
						'reflash it with current firmware'
				: `panda packet version mismatch: firmware reports CAN packet ${hex8(reported.canPacket)} / health ` +
						`${hex8(reported.health)}, this driver speaks CAN packet ${hex8(expected.canPacket)} / health ` +
						`${hex8(expected.health)}. Reflash the panda to matching firmware, or pass packetVersions if you ` +
						`know this firmware's CANPacket and health layouts are unchanged`,
			KIND
		);
	}
}
