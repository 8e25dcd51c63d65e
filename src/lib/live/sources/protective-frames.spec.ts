import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDbc, parseDbc } from '../../hardware';
import { createSimulatedRig } from './simulated';
import { protectiveFramesFromDbc } from './protective-frames';

const carDbc = compileDbc(
	parseDbc(
		readFileSync(
			new URL('../../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url),
			'latin1'
		)
	)
);

describe('protective frames from the DBC', () => {
	it('reads the commands the vehicle’s DBC declares, encoded as that message', () => {
		const frames = protectiveFramesFromDbc(carDbc);
		expect(Object.keys(frames).sort()).toEqual(['boost-cut', 'limp-mode']);
		expect(frames['boost-cut']).toMatchObject({ id: 0x3f0, extended: false });
		expect([...frames['boost-cut'].data]).toEqual([2]);
		expect([...frames['limp-mode'].data]).toEqual([1]);
	});

	it('a DBC without a CarTechProtect message defines none', () => {
		const other = compileDbc(
			parseDbc(readFileSync('../shared/data/cantools/motohawk.dbc', 'latin1'))
		);
		expect(protectiveFramesFromDbc(other)).toEqual({});
	});

	it.each(['gs_usb', 'slcan'] as const)(
		'through the %s emulator, the command arrives at the simulated ECU',
		async (via) => {
			const rig = createSimulatedRig({ scenario: 'idle', via });
			rig.source.useProtectiveFrames?.(protectiveFramesFromDbc(carDbc));
			await rig.source.open({ frame: () => {}, round: () => {}, closed: () => {} });
			await rig.source.sendProtective!('boost-cut');
			await expect.poll(() => rig.protection.received.map((r) => r.command)).toEqual(['boost-cut']);
			rig.source.stopTransmit?.();
			await expect(rig.source.sendProtective!('limp-mode')).rejects.toThrow(/shut down/);
			await rig.source.close();
		}
	);
});
