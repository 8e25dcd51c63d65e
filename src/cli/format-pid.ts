import { pidDefinition, type PidValue } from '../lib/hardware/protocol/obd2';

/** Enough decimals to show one step of the field's scale (0.25 rpm → 2, 100/255 % → 1), trailing zeros dropped. */
export function formatNumber(value: number, scale: number): string {
	return String(Number(value.toFixed(stepDecimals(Math.abs(scale)))));
}

function stepDecimals(scale: number): number {
	for (let d = 0; d <= 3; d++) {
		const steps = scale * 10 ** d;
		if (Math.abs(steps - Math.round(steps)) < 1e-9) return d;
	}
	return Math.min(4, Math.ceil(-Math.log10(scale)));
}

/** "774 rpm", or "0.45 V, 3.1 %" for PIDs with several fields, or the decoded structure for bit/enum PIDs. */
export function formatPidValue(value: PidValue): string {
	const fields = pidDefinition(value.pid)?.fields ?? [];
	if (value.readings.length > 0) {
		return value.readings
			.map((r, i) => `${formatNumber(r.value, fields[i]?.scale ?? 1)}${r.unit ? ` ${r.unit}` : ''}`)
			.join(', ');
	}
	const s = value.structured;
	if (!s) return '';
	if (s.decoder === 'raw')
		return [...s.value].map((b) => b.toString(16).padStart(2, '0')).join(' ');
	return typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
}

export function pidHex(pid: number): string {
	return pid.toString(16).toUpperCase().padStart(2, '0');
}
