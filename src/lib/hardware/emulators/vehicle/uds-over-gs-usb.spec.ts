import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GsUsbAdapter } from '../../adapters/gs-usb';
import { createAdapterFramePort } from '../../adapters/can-frame-port';
import { IsoTpLink } from '../../protocol/isotp';
import { NegativeResponseError, UdsClient } from '../../protocol/uds';
import { createIsoTpUdsLink } from '../../protocol/uds/isotp-link';
import { GsUsbEmulator } from '../gs-usb-device';
import { SimulatedVehicle } from './simulated-vehicle';
import { UdsResponder } from './uds-responder';
import { SELF_TEST_ROUTINE } from './uds-server';
import { demoSeedToKey } from './uds-security';

const VIN = 'WCTZZZ000RS000042';
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/**
 * The whole stack on one fake clock: SimulatedVehicle + UdsResponder → GsUsbEmulator (a candleLight behind WebUSB) →
 * GsUsbAdapter → CanFramePort → IsoTpLink → UdsLink → UdsClient. Every timer (the emulator's 1 ms pump, ISO-TP and
 * UDS timeouts) is faked, so the run is deterministic and takes no wall-clock waiting.
 */
async function rig() {
	const clock = () => Date.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
	const responder = new UdsResponder({ vin: VIN, seed: 42 });
	vehicle.responders.push(responder);
	const device = new GsUsbEmulator({ bus: vehicle, clock });
	const adapter = new GsUsbAdapter({ device, clock });
	const { port, sink } = createAdapterFramePort(adapter);
	await run(adapter.open({ bitrate: 500_000, listenOnly: false }, sink));
	const isoTp = new IsoTpLink({ port, txId: 0x7e0, rxId: 0x7e8, clock });
	const client = new UdsClient({ link: createIsoTpUdsLink(isoTp) });
	const close = async () => {
		isoTp.close();
		await run(adapter.close());
	};
	return { client, responder, vehicle, close };
}

/** Advances fake time 1 ms at a time until `task` settles; 10 simulated seconds at most. */
async function run<T>(task: Promise<T>): Promise<T> {
	let settled = false;
	const watched = task.finally(() => {
		settled = true;
	});
	watched.catch(() => {});
	for (let ms = 0; !settled && ms < 10_000; ms++) await vi.advanceTimersByTimeAsync(1);
	return watched;
}

describe('UDS end to end over the gs_usb emulator', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 1_000_000 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('reads the VIN (a multi-frame response) through the whole stack', async () => {
		const { client, close } = await rig();
		expect(ascii(await run(client.readDataByIdentifier(0xf190)))).toBe(VIN);
		await close();
	});

	it('reads live engine speed and coolant temperature from the simulated car', async () => {
		const { client, vehicle, close } = await rig();
		const rpm = await run(client.readDataByIdentifier(0x1001));
		expect(((rpm[0] << 8) | rpm[1]) / 4).toBeCloseTo(vehicle.state.rpm, -2);
		const coolant = await run(client.readDataByIdentifier(0x1002));
		expect(coolant[0] - 40).toBeCloseTo(vehicle.state.coolantC, 0);
		await close();
	});

	it('enters the extended session and adopts the ECU timing', async () => {
		const { client, responder, close } = await rig();
		expect(await run(client.diagnosticSessionControl(0x03))).toEqual({
			session: 3,
			p2Ms: 50,
			p2StarMs: 5000
		});
		expect(client.timing).toEqual({ p2Ms: 150, p2StarMs: 5100 });
		expect(responder.server.session).toBe(3);
		await close();
	});

	it('refuses a wrong key with invalidKey and unlocks with the demo key', async () => {
		const { client, responder, close } = await rig();
		await run(client.diagnosticSessionControl(0x03));
		const wrong = await run(client.securityAccess(0x01, () => Uint8Array.of(0, 0, 0, 1))).catch(
			(e: unknown) => e
		);
		expect(wrong).toBeInstanceOf(NegativeResponseError);
		expect(wrong).toMatchObject({ sid: 0x27, nrc: 0x35, nrcName: 'invalidKey' });
		expect(await run(client.securityAccess(0x01, demoSeedToKey))).toEqual({
			alreadyUnlocked: false
		});
		expect(responder.server.unlocked).toBe(true);
		await close();
	});

	it('writes a DID with a multi-frame request once unlocked and reads it back', async () => {
		const { client, close } = await rig();
		await run(client.diagnosticSessionControl(0x03));
		await run(client.securityAccess(0x01, demoSeedToKey));
		const shop = new TextEncoder().encode('SHOP-00042');
		await run(client.writeDataByIdentifier(0xf198, shop));
		expect(ascii(await run(client.readDataByIdentifier(0xf198)))).toBe('SHOP-00042');
		await close();
	});

	it('waits through two responsePending answers for the self-test routine', async () => {
		const { client, close } = await rig();
		await run(client.diagnosticSessionControl(0x03));
		const startMs = Date.now();
		const result = await run(
			client.routineControl({ controlType: 0x01, routineId: SELF_TEST_ROUTINE })
		);
		expect(result).toMatchObject({ controlType: 1, routineId: SELF_TEST_ROUTINE });
		expect([...result!.statusRecord]).toEqual([0x00]);
		// Two 300 ms gaps, each longer than the adopted P2 of 150 ms: only P2* after 0x78 waits this long.
		expect(Date.now() - startMs).toBeGreaterThanOrEqual(600);
		await close();
	});

	it('surfaces a refusal as NegativeResponseError with its NRC name', async () => {
		const { client, close } = await rig();
		const error = await run(
			client.writeDataByIdentifier(0xf198, new TextEncoder().encode('SHOP-00042'))
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NegativeResponseError);
		expect(error).toMatchObject({ nrc: 0x7f, nrcName: 'serviceNotSupportedInActiveSession' });
		await close();
	});
});
