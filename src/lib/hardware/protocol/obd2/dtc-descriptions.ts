/**
 * A partial table of generic (SAE J2012, P0xxx) descriptions for codes a shop meets daily. It is not the
 * whole J2012 list; unknown codes return undefined rather than a guess.
 */
export const GENERIC_DTC_DESCRIPTIONS_PARTIAL: Readonly<Record<string, string>> = {
	P0100: 'Mass or volume air flow circuit malfunction',
	P0101: 'Mass or volume air flow circuit range/performance',
	P0102: 'Mass or volume air flow circuit low input',
	P0103: 'Mass or volume air flow circuit high input',
	P0106: 'Manifold absolute pressure/barometric pressure circuit range/performance',
	P0110: 'Intake air temperature circuit malfunction',
	P0115: 'Engine coolant temperature circuit malfunction',
	P0117: 'Engine coolant temperature circuit low input',
	P0118: 'Engine coolant temperature circuit high input',
	P0120: 'Throttle/pedal position sensor/switch A circuit malfunction',
	P0128: 'Coolant thermostat (coolant temperature below thermostat regulating temperature)',
	P0130: 'O2 sensor circuit malfunction (bank 1, sensor 1)',
	P0133: 'O2 sensor circuit slow response (bank 1, sensor 1)',
	P0171: 'System too lean (bank 1)',
	P0172: 'System too rich (bank 1)',
	P0174: 'System too lean (bank 2)',
	P0175: 'System too rich (bank 2)',
	P0234: 'Turbocharger/supercharger overboost condition',
	P0300: 'Random/multiple cylinder misfire detected',
	P0301: 'Cylinder 1 misfire detected',
	P0302: 'Cylinder 2 misfire detected',
	P0303: 'Cylinder 3 misfire detected',
	P0304: 'Cylinder 4 misfire detected',
	P0325: 'Knock sensor 1 circuit malfunction (bank 1 or single sensor)',
	P0335: 'Crankshaft position sensor A circuit malfunction',
	P0340: 'Camshaft position sensor circuit malfunction',
	P0401: 'Exhaust gas recirculation flow insufficient detected',
	P0420: 'Catalyst system efficiency below threshold (bank 1)',
	P0430: 'Catalyst system efficiency below threshold (bank 2)',
	P0440: 'Evaporative emission control system malfunction',
	P0442: 'Evaporative emission control system leak detected (small leak)',
	P0455: 'Evaporative emission control system leak detected (gross leak)',
	P0500: 'Vehicle speed sensor malfunction',
	P0505: 'Idle control system malfunction',
	P0562: 'System voltage low',
	P0563: 'System voltage high'
};

export function describeDtc(code: string): string | undefined {
	return GENERIC_DTC_DESCRIPTIONS_PARTIAL[code.toUpperCase()];
}
