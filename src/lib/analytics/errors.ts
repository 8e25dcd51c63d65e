/**
 * Data the analytics cannot work with: a channel whose times run backwards, a pull too short to differentiate,
 * a log without the channels a computation needs. `field` names the input at fault so the UI can point at it.
 * Bad options (a negative mass, an unknown fuel) are TypeErrors instead, as for constructors elsewhere.
 */
export class AnalyticsInputError extends Error {
	readonly field: string;

	constructor(field: string, message: string, options?: { cause?: unknown }) {
		super(`${field}: ${message}`, options);
		this.name = 'AnalyticsInputError';
		this.field = field;
	}
}
