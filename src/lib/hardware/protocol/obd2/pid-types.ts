/**
 * One number inside a service-01 response: the bytes at `at` (after `41 PID`) read as a big-endian
 * unsigned (or two's-complement) integer of `size` bytes, then `raw · scale + offset`.
 */
export interface PidField {
	readonly key: string;
	readonly at: number;
	readonly size: 1 | 2 | 4;
	readonly signed?: boolean;
	readonly scale: number;
	readonly offset: number;
	readonly unit: string;
	/** Physical value of the smallest raw value. */
	readonly min: number;
	/** Physical value of the largest raw value. */
	readonly max: number;
}

/** Bit- or enum-encoded PIDs, decoded into objects by pid-status.ts. */
export type PidDecoderName =
	| 'bitmap'
	| 'monitorStatus'
	| 'dtc'
	| 'fuelSystemStatus'
	| 'secondaryAirStatus'
	| 'o2SensorsPresent2Banks'
	| 'o2SensorsPresent4Banks'
	| 'obdStandard'
	| 'auxInputStatus'
	| 'fuelType'
	| 'raw';

export interface PidDefinition {
	readonly pid: number;
	readonly key: string;
	readonly name: string;
	/** Data bytes after `41 PID`; undefined where the length is not known to us. */
	readonly bytes: number | undefined;
	/** SAE J1979 formula in the usual A/B/C/D notation. */
	readonly formula: string;
	/** False where the row comes from memory of secondary sources and was not cross-checked (see report). */
	readonly verified: boolean;
	readonly fields?: readonly PidField[];
	readonly decoder?: PidDecoderName;
}
