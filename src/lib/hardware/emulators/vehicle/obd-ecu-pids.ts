import { encodeFuelSystemState } from '../../protocol/obd2/pid-status';
import { encodePid } from '../../protocol/obd2/pid-decode';
import type { VehicleState } from './vehicle-state';

/**
 * Service-01 PIDs the simulated engine ECU reports, each computed from the model state. PIDs the model has no
 * quantity for (MAF, fuel rate, fuel level, distances) are left out rather than faked, so the supported-PID
 * bitmaps tell a tester exactly this set.
 */
export const ECU_LIVE_PIDS: Readonly<Record<number, (s: Readonly<VehicleState>) => Uint8Array>> = {
	0x03: (s) => Uint8Array.of(encodeFuelSystemState(fuelSystemState(s)), 0),
	0x05: (s) => encodePid(0x05, [s.coolantC]),
	0x0b: (s) => encodePid(0x0b, [s.mapKpa]),
	0x0c: (s) => encodePid(0x0c, [s.rpm]),
	0x0d: (s) => encodePid(0x0d, [s.speedKmh]),
	0x0e: (s) => encodePid(0x0e, [s.ignitionAdvance]),
	0x0f: (s) => encodePid(0x0f, [s.iatC]),
	// Drive-by-wire: the model's throttle is the pedal demand, which the plate follows.
	0x11: (s) => encodePid(0x11, [s.throttle]),
	0x13: () => Uint8Array.of(0x01),
	0x1c: () => Uint8Array.of(7),
	0x1f: (s) => encodePid(0x1f, [s.timeS]),
	// The model has a wideband λ but no sensor voltage; the voltage field is reported as 0 V.
	0x24: (s) => encodePid(0x24, [s.lambda, 0]),
	0x33: (s) => encodePid(0x33, [s.baroKpa]),
	0x42: (s) => encodePid(0x42, [s.batteryV]),
	0x44: (s) => encodePid(0x44, [s.lambdaTarget]),
	0x49: (s) => encodePid(0x49, [s.throttle]),
	0x5c: (s) => encodePid(0x5c, [s.oilC])
};

/** Open loop when cold, on overrun fuel cut or under power enrichment; otherwise closed loop on the O2 sensor. */
function fuelSystemState(s: Readonly<VehicleState>) {
	if (s.coolantC < 40) return 'openLoopNotReady' as const;
	if (s.fuelCut || s.lambdaTarget < 0.97) return 'openLoopDrivingCondition' as const;
	return 'closedLoop' as const;
}
