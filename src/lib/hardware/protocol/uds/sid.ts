/** Request service identifiers, ISO 14229-1 A positive response echoes SID + 0x40. */
export const Sid = {
	diagnosticSessionControl: 0x10,
	ecuReset: 0x11,
	clearDiagnosticInformation: 0x14,
	readDtcInformation: 0x19,
	readDataByIdentifier: 0x22,
	readMemoryByAddress: 0x23,
	securityAccess: 0x27,
	writeDataByIdentifier: 0x2e,
	inputOutputControlByIdentifier: 0x2f,
	routineControl: 0x31,
	requestDownload: 0x34,
	transferData: 0x36,
	requestTransferExit: 0x37,
	testerPresent: 0x3e
} as const;

export const POSITIVE_RESPONSE_OFFSET = 0x40;
export const NEGATIVE_RESPONSE_SID = 0x7f;

/** Bit 7 of a sub-function byte: suppressPosRspMsgIndicationBit (ISO 14229-1, sub-function parameter definition). */
export const SUPPRESS_POSITIVE_RESPONSE = 0x80;
