import { assertInt } from '../bytes';
import { SUPPRESS_POSITIVE_RESPONSE } from '../sid';

/** Sub-function byte: 7-bit value plus suppressPosRspMsgIndicationBit (ISO 14229-1, sub-function parameter definition). */
export function subFunctionByte(
	what: string,
	value: number,
	suppressPositiveResponse = false
): number {
	assertInt(what, value, 0x00, 0x7f);
	return value | (suppressPositiveResponse ? SUPPRESS_POSITIVE_RESPONSE : 0);
}
