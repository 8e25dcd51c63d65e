import { KLineKeyBytesError, hex } from './errors';

/** 5-baud init (ISO 9141-2 §5.2.4, ISO 14230-2 §5.2.4.2.2): the OBD address the tester sends at 5 bit/s. */
export const FIVE_BAUD_OBD_ADDRESS = 0x33;

/** ISO 9141-2 OBD key bytes: KB1 KB2 = 08 08 or 94 94 (SAE J1979 / ISO 9141-2 §6.2). */
export const ISO9141_KEY_BYTES = [
	[0x08, 0x08],
	[0x94, 0x94]
] as const;

/** ISO 14230-2 §5.2.4.1: KB2 of every KWP2000 ECU; KB1 describes the header formats it takes. */
export const KWP_KEY_BYTE_2 = 0x8f;

/** ISO 14230-4 (OBD) allows exactly these KB1 values. */
export const KWP_OBD_KEY_BYTE_1 = [0xe9, 0x6b, 0x6d, 0xef] as const;

export type KLineKeyBytes =
	| { protocol: 'iso9141-2'; keyBytes: [number, number] }
	| {
			protocol: 'iso14230';
			keyBytes: [number, number];
			/** AL0: the format byte may carry the length. */
			lengthInFormat: boolean;
			/** AL1: a separate length byte is accepted. */
			lengthByte: boolean;
			/** HB0: a one-byte header (format only) is accepted. */
			formatOnlyHeader: boolean;
			/** HB1: target and source addresses in the header are accepted. */
			addressedHeader: boolean;
			/** TP1 TP0: the timing parameter set (ISO 14230-4 key bytes all use 0b10). */
			timingSet: number;
			/** KB1 is one ISO 14230-4 permits, so the ECU speaks KWP2000 OBD. */
			obd: boolean;
	  };

/** ISO 14230-2 §5.2.4.1: key bytes are 7 data bits plus odd parity in bit 7. */
export function hasOddParity(byte: number): boolean {
	let ones = 0;
	for (let b = byte & 0xff; b; b >>= 1) ones += b & 1;
	return ones % 2 === 1;
}

/** After a 5-baud init the tester echoes KB2 inverted, and the ECU answers with its address inverted. */
export function invertKeyByte(byte: number): number {
	return ~byte & 0xff;
}

/** Which K-line protocol two key bytes announce, from a 5-baud init or a StartCommunication response `C1 KB1 KB2`. */
export function identifyKeyBytes(kb1: number, kb2: number): KLineKeyBytes {
	for (const [a, b] of ISO9141_KEY_BYTES) {
		if (kb1 === a && kb2 === b) return { protocol: 'iso9141-2', keyBytes: [kb1, kb2] };
	}
	if (kb2 === KWP_KEY_BYTE_2 && hasOddParity(kb1)) {
		return {
			protocol: 'iso14230',
			keyBytes: [kb1, kb2],
			lengthInFormat: (kb1 & 0x01) !== 0,
			lengthByte: (kb1 & 0x02) !== 0,
			formatOnlyHeader: (kb1 & 0x04) !== 0,
			addressedHeader: (kb1 & 0x08) !== 0,
			timingSet: (kb1 >> 4) & 0x03,
			obd: (KWP_OBD_KEY_BYTE_1 as readonly number[]).includes(kb1)
		};
	}
	throw new KLineKeyBytesError(
		`key bytes ${hex(kb1)} ${hex(kb2)} belong to no known K-line protocol`
	);
}
