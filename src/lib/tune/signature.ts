/** How two signatures differ: another build of the same firmware, or another firmware altogether. */
export type SignatureDifference = 'other-version' | 'other-firmware';

/**
 * A tune made for one firmware signature meets an ECU (or a definition) that reports another. Writing its pages
 * would put values at the wrong offsets, so the write is refused; `message` says what the user can do.
 */
export class SignatureMismatchError extends Error {
	override name = 'SignatureMismatchError';
	readonly tuneSignature: string;
	readonly ecuSignature: string;
	readonly difference: SignatureDifference;
	/** What to do, in plain language. */
	readonly advice: string;

	constructor(tuneSignature: string, ecuSignature: string, options?: { cause?: unknown }) {
		const difference = signatureDifference(tuneSignature, ecuSignature);
		const advice =
			difference === 'other-version'
				? `Load the definition (.ini) for "${ecuSignature}", import this tune into it (values carry over by ` +
					`constant name; review the ones that do not), check the result, then write it. Or flash the ECU ` +
					`with the firmware "${tuneSignature}" this tune was made for.`
				: `This tune is for a different firmware and cannot be written to this ECU. Open a tune made for ` +
					`"${ecuSignature}", or read the ECU's current tune first.`;
		super(
			`The tune was saved for "${tuneSignature}" but the ECU reports "${ecuSignature}". ` +
				(difference === 'other-version'
					? 'Another version of the same firmware lays its memory out differently, so the tune cannot be ' +
						'written as it is. '
					: '') +
				advice,
			options
		);
		this.tuneSignature = tuneSignature;
		this.ecuSignature = ecuSignature;
		this.difference = difference;
		this.advice = advice;
	}
}

/**
 * Signatures as ECUs send them may carry trailing NULs or spaces (a fixed-width reply buffer); those are not part
 * of the signature.
 */
export function normalizeSignature(signature: string): string {
	return signature.replace(/[\0\s]+$/, '').replace(/^\s+/, '');
}

/** Throws SignatureMismatchError unless the tune's signature is the ECU's (ignoring trailing padding). */
export function checkSignature(tuneSignature: string, ecuSignature: string): void {
	if (normalizeSignature(tuneSignature) !== normalizeSignature(ecuSignature)) {
		throw new SignatureMismatchError(
			normalizeSignature(tuneSignature),
			normalizeSignature(ecuSignature)
		);
	}
}

/**
 * The firmware family is the signature's first word (`speeduino 202103` → `speeduino`, `rusEFI master.2024…` →
 * `rusEFI`); the same family at another build is another version.
 */
function signatureDifference(a: string, b: string): SignatureDifference {
	const family = (s: string) =>
		s
			.trim()
			.split(/[\s.]+/)[0]
			?.toLowerCase() ?? '';
	return family(a) !== '' && family(a) === family(b) ? 'other-version' : 'other-firmware';
}
