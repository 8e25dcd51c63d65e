import { MLG_MAGIC } from '../../logs/formats/mlg-format';

export const IMPORT_FORMATS = ['auto', 'mlg', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const MAGIC = new TextEncoder().encode(MLG_MAGIC);

/**
 * MLG by its magic ("MLVLG\0", protocols.md §6.5) or, failing that, by a .mlg name (the decoder then names the
 * bad magic); anything else is read as text (TunerStudio .msl/.csv, generic CSV).
 */
export function detectFormat(head: Uint8Array, fileName: string): 'mlg' | 'csv' {
	if (head.length >= MAGIC.length && MAGIC.every((b, i) => head[i] === b)) return 'mlg';
	return /\.mlg$/i.test(fileName.trim()) ? 'mlg' : 'csv';
}

/** Bytes {@link detectFormat} needs. */
export const DETECT_BYTES = MAGIC.length;
