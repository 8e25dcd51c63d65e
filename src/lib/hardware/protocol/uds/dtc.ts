/** DTC status bits, ISO 14229-1 Annex D.2 */
export const DtcStatusBit = {
	testFailed: 0x01,
	testFailedThisOperationCycle: 0x02,
	pendingDtc: 0x04,
	confirmedDtc: 0x08,
	testNotCompletedSinceLastClear: 0x10,
	testFailedSinceLastClear: 0x20,
	testNotCompletedThisOperationCycle: 0x40,
	warningIndicatorRequested: 0x80
} as const;

export type DtcStatus = { readonly [K in keyof typeof DtcStatusBit]: boolean };

export function decodeDtcStatus(byte: number): DtcStatus {
	return Object.fromEntries(
		Object.entries(DtcStatusBit).map(([name, bit]) => [name, (byte & bit) !== 0])
	) as unknown as DtcStatus;
}

export function encodeDtcStatus(status: Partial<DtcStatus>): number {
	let byte = 0;
	for (const [name, bit] of Object.entries(DtcStatusBit)) {
		if (status[name as keyof DtcStatus]) byte |= bit;
	}
	return byte;
}

/** A 3-byte DTC with its status byte as the ECU reported it. */
export interface DtcRecord {
	/** DTCHighByte, DTCMiddleByte, DTCLowByte as one 24-bit number. */
	dtc: number;
	statusByte: number;
	status: DtcStatus;
}

const SYSTEM_LETTERS = ['P', 'C', 'B', 'U'] as const;

/**
 * ISO 15031-6 / SAE J2012 text for a 24-bit DTC in DTCFormatIdentifier 0x01 format: the two high bytes are the
 * familiar code (bits 15-14 system letter, then four digits) and the low byte is the failure type, e.g. `P0301-00`.
 */
export function formatDtc(dtc: number): string {
	const code = (dtc >> 8) & 0xffff;
	const letter = SYSTEM_LETTERS[code >> 14];
	const digits = (code & 0x3fff).toString(16).toUpperCase().padStart(4, '0');
	const failureType = (dtc & 0xff).toString(16).toUpperCase().padStart(2, '0');
	return `${letter}${digits}-${failureType}`;
}
