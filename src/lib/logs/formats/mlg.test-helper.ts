import { MlgDecoder, type MlgBlockPosition } from './mlg-decoder';
import type { MlgFormatError, MlgHeader } from './mlg-format';

export interface DecodedMlg {
	header: MlgHeader | null;
	data: { raw: number[]; at: MlgBlockPosition }[];
	markers: { message: string; at: MlgBlockPosition }[];
	error: MlgFormatError | null;
}

/** Feeds `bytes` to an {@link MlgDecoder} in pieces of `chunkSize` bytes and collects everything it reports. */
export function decodeMlgInPieces(
	bytes: Uint8Array,
	chunkSize = bytes.length,
	options: { keepPartial?: boolean } = {}
): DecodedMlg {
	const out: DecodedMlg = { header: null, data: [], markers: [], error: null };
	const decoder = new MlgDecoder({
		keepPartial: options.keepPartial,
		header: (h) => (out.header = h),
		data: (raw, at) => out.data.push({ raw: Array.from(raw), at }),
		marker: (message, at) => out.markers.push({ message, at })
	});
	for (let i = 0; i < bytes.length; i += Math.max(1, chunkSize)) {
		decoder.push(bytes.subarray(i, i + Math.max(1, chunkSize)));
	}
	decoder.end();
	out.error = decoder.error;
	return out;
}

/** Catches the MlgFormatError `run` throws. */
export function mlgError(run: () => unknown): MlgFormatError {
	try {
		run();
	} catch (e) {
		if ((e as Error).name === 'MlgFormatError') return e as MlgFormatError;
		throw e;
	}
	throw new Error('expected an MlgFormatError');
}
