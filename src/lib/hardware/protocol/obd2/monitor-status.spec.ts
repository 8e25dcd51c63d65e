import { describe, expect, it } from 'vitest';
import { ObdShortPayloadError } from './errors';
import { decodeMonitorStatus, encodeMonitorStatus, incompleteMonitors } from './monitor-status';

describe('readiness monitors (PID 01)', () => {
	it('reads MIL and DTC count from byte A', () => {
		const status = decodeMonitorStatus(Uint8Array.of(0x83, 0x07, 0x65, 0x04));
		expect(status.mil).toBe(true);
		expect(status.dtcCount).toBe(3);
		expect(decodeMonitorStatus(Uint8Array.of(0x00, 0, 0, 0)).mil).toBe(false);
	});

	it('reads the spark-ignition set when B3 is clear', () => {
		const status = decodeMonitorStatus(Uint8Array.of(0x83, 0x07, 0x65, 0x04));
		expect(status.ignition).toBe('spark');
		expect(status.monitors.misfire).toEqual({ available: true, complete: true });
		expect(status.monitors.catalyst).toEqual({ available: true, complete: true });
		expect(status.monitors.evaporativeSystem).toEqual({ available: true, complete: false });
		expect(status.monitors.secondaryAirSystem.available).toBe(false);
		expect(incompleteMonitors(status)).toEqual(['evaporativeSystem']);
	});

	it('reads the compression-ignition set when B3 is set', () => {
		const status = decodeMonitorStatus(Uint8Array.of(0x00, 0x08 | 0x07 | 0x10, 0xe3, 0x40));
		expect(status.ignition).toBe('compression');
		expect(Object.keys(status.monitors)).toEqual([
			'misfire',
			'fuelSystem',
			'components',
			'nmhcCatalyst',
			'noxScrMonitor',
			'boostPressure',
			'exhaustGasSensor',
			'pmFilter',
			'egrVvtSystem'
		]);
		expect(status.monitors.misfire.complete).toBe(false);
		expect(status.monitors.pmFilter).toEqual({ available: true, complete: false });
		expect(status.monitors.boostPressure.available).toBe(false);
		expect(incompleteMonitors(status)).toEqual(['misfire', 'pmFilter']);
	});

	it('encodes what it decodes', () => {
		for (const bytes of [
			[0x83, 0x07, 0x65, 0x04],
			[0x00, 0x08 | 0x07 | 0x10, 0xe3, 0x40]
		]) {
			expect([...encodeMonitorStatus(decodeMonitorStatus(Uint8Array.from(bytes)))]).toEqual(bytes);
		}
	});

	it('rejects fewer than four bytes', () => {
		expect(() => decodeMonitorStatus(Uint8Array.of(0x83, 0x07))).toThrow(ObdShortPayloadError);
	});
});
