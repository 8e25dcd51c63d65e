import type { DynoCorrection } from '../../analytics';
import type { DynoCorrectionName } from '../db/schema';

/** How each stored correction reads on a page. */
export const DYNO_CORRECTION_LABELS = {
	'sae-j1349': 'SAE J1349',
	'din-70020': 'DIN 70020',
	'sae-j607': 'STD (SAE J607)',
	none: 'uncorrected',
	'as-imported': 'as exported (not stated)'
} as const satisfies Record<DynoCorrectionName, string>;

export const DYNO_CORRECTIONS = Object.keys(DYNO_CORRECTION_LABELS) as DynoCorrectionName[];

/**
 * The correction a dyno export states in its notes or column names ("Correction Factor: SAE J1349", "Power (HP)
 * STD", "Uncorrected Power"). Dyno software prints the standard's name; 'as-imported' when nothing names one.
 * "STD" is Dynojet's and Dynocom's name for the older SAE J607 (60 °F, 29.92 inHg dry).
 */
export function detectDynoCorrection(texts: readonly string[]): DynoCorrectionName {
	const text = texts.join('\n');
	if (/J\s*1349/i.test(text)) return 'sae-j1349';
	if (/\bDIN\b|70020/i.test(text)) return 'din-70020';
	if (/J\s*607|\bSTD\b/i.test(text)) return 'sae-j607';
	if (/\buncorr|no correction|correction[^\n]*\bnone\b/i.test(text)) return 'none';
	return 'as-imported';
}

/**
 * A stored run's correction as a curve carries it. The figures were corrected by the dyno, by a factor it does
 * not export, so the factor is 1 ("unknown") and the run cannot be re-corrected; J607 has no CarTech standard and
 * compares as 'as-imported'.
 */
export function curveCorrection(name: DynoCorrectionName): DynoCorrection {
	const standard =
		name === 'sae-j1349' || name === 'din-70020' || name === 'none' ? name : 'as-imported';
	return { standard, factor: 1 };
}
