/**
 * A number as Java's Double.toString writes it, which is how TunerStudio writes .msq values: at least one digit
 * after the point (`39.0`), plain notation from 10^-3 up to 10^7, and `d.dddE±n` outside it (`1.0E7`, `1.5E-4`)
 * (Java SE API, Double.toString(double)). The digits are JavaScript's shortest round-trip digits, so every value
 * reads back exactly.
 */
export function javaDouble(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return 'Infinity';
	if (value === -Infinity) return '-Infinity';
	if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
	const magnitude = Math.abs(value);
	if (magnitude >= 1e-3 && magnitude < 1e7) {
		const plain = String(value);
		return plain.includes('.') ? plain : `${plain}.0`;
	}
	const [mantissa, exponent] = value.toExponential().split('e');
	return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
