import { isVinSyntax } from '../../protocol/obd2/vin';
import type { VehicleState } from './vehicle-state';

/**
 * Live data identifiers of the simulated ECU, in the vehicle-manufacturer-specific range 0x0100–0xA5FF
 * (ISO 14229-1 Annex C.1). Scalings reuse the SAE J1979 ones a tuner already knows.
 */
export const LIVE_DIDS = {
	/** Engine speed, uint16, 0.25 rpm/bit (as OBD PID 0x0C). */
	0x1001: (s: Readonly<VehicleState>) => u16(Math.round(s.rpm * 4)),
	/** Coolant temperature, uint8, °C + 40 (as OBD PID 0x05). */
	0x1002: (s: Readonly<VehicleState>) => Uint8Array.of(clamp(Math.round(s.coolantC + 40), 0, 255)),
	/** Vehicle speed, uint8, km/h. */
	0x1003: (s: Readonly<VehicleState>) => Uint8Array.of(clamp(Math.round(s.speedKmh), 0, 255)),
	/** Manifold pressure, uint16, 0.1 kPa/bit. */
	0x1004: (s: Readonly<VehicleState>) => u16(Math.round(s.mapKpa * 10)),
	/** Battery voltage, uint16, mV. */
	0x1005: (s: Readonly<VehicleState>) => u16(Math.round(s.batteryV * 1000))
} as const satisfies Record<number, (state: Readonly<VehicleState>) => Uint8Array>;

/** Identification DIDs (ISO 14229-1 Annex C.1) the ECU keeps in memory, with their fixed lengths. */
export const STORED_DIDS = {
	vehicleManufacturerSparePartNumber: { did: 0xf187, length: 11, writable: false },
	vehicleManufacturerEcuSoftwareVersionNumber: { did: 0xf189, length: 8, writable: false },
	ecuSerialNumber: { did: 0xf18c, length: 12, writable: false },
	vin: { did: 0xf190, length: 17, writable: true },
	repairShopCodeOrTesterSerialNumber: { did: 0xf198, length: 10, writable: true },
	programmingDate: { did: 0xf199, length: 3, writable: true }
} as const;

export const ACTIVE_SESSION_DID = 0xf186;

/** The identification record as the ECU leaves the factory; ASCII fields are space-padded. */
export function initialStoredDids(options: {
	vin?: string;
	serialNumber?: string;
	partNumber?: string;
	softwareVersion?: string;
}): Map<number, Uint8Array> {
	const vin = options.vin ?? 'WCTZZZ000RS000042';
	if (!isVinSyntax(vin)) throw new TypeError(`vin "${vin}" is not a 17-character VIN`);
	const ids = STORED_DIDS;
	const field = (spec: { did: number; length: number }, text: string) =>
		[spec.did, asciiField(text, spec.length)] as const;
	return new Map<number, Uint8Array>([
		field(ids.vin, vin),
		field(ids.ecuSerialNumber, options.serialNumber ?? 'CTSIM0000042'),
		field(ids.vehicleManufacturerSparePartNumber, options.partNumber ?? 'CT-ECM-0001'),
		field(ids.vehicleManufacturerEcuSoftwareVersionNumber, options.softwareVersion ?? 'SW01.4.2'),
		field(ids.repairShopCodeOrTesterSerialNumber, ''),
		// programmingDate is BCD YYMMDD (ISO 14229-1 Annex C.1).
		[ids.programmingDate.did, Uint8Array.of(0x26, 0x01, 0x15)]
	]);
}

function asciiField(text: string, length: number): Uint8Array {
	if (!/^[\x20-\x7e]*$/.test(text) || text.length > length) {
		throw new TypeError(`"${text}" must be at most ${length} printable ASCII characters`);
	}
	const out = new Uint8Array(length).fill(0x20);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
	return out;
}

function u16(value: number): Uint8Array {
	const v = clamp(value, 0, 0xffff);
	return Uint8Array.of(v >> 8, v & 0xff);
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
