import { assertInt, byteWidth, writeUintBE } from './bytes';

/** A memory range as ReadMemoryByAddress / RequestDownload carry it, with its addressAndLengthFormatIdentifier. */
export interface MemoryLocation {
	address: number;
	size: number;
	/** Bytes of memoryAddress, 1..6 here (JS numbers hold 48 bits exactly). @default smallest that fits */
	addressBytes?: number;
	/** Bytes of memorySize, 1..6. @default smallest that fits */
	sizeBytes?: number;
}

/**
 * `ALFID addr… size…`: ALFID high nibble = bytes of size, low nibble = bytes of address (protocols.md §7.3).
 * Like udsoncan's MemoryLocation, widths default to the smallest that holds the value; ECUs that insist on a
 * fixed 0x44 format need them set.
 */
export function encodeMemoryLocation(location: MemoryLocation): Uint8Array<ArrayBuffer> {
	const addressBytes = location.addressBytes ?? byteWidth(location.address);
	const sizeBytes = location.sizeBytes ?? byteWidth(location.size);
	assertInt('addressBytes', addressBytes, 1, 6);
	assertInt('sizeBytes', sizeBytes, 1, 6);
	const address = writeUintBE(location.address, addressBytes, 'address');
	const size = writeUintBE(location.size, sizeBytes, 'size');
	const out = new Uint8Array(1 + addressBytes + sizeBytes);
	out[0] = (sizeBytes << 4) | addressBytes;
	out.set(address, 1);
	out.set(size, 1 + addressBytes);
	return out;
}
