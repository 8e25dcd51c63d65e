import { afterEach, describe, expect, it } from 'vitest';
import { Elm327Adapter } from './elm327';
import { openElm327UdsLink } from './elm327-uds-link';
import { Elm327Emulator } from '../emulators/elm327-device';
import { ObdResponder } from '../emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { UdsResponder } from '../emulators/vehicle/uds-responder';
import { SELF_TEST_ROUTINE } from '../emulators/vehicle/uds-server';
import { demoSeedToKey } from '../emulators/vehicle/uds-security';
import { AdapterRejectedError } from '../errors';
import { NegativeResponseError, UdsClient, UdsTimeoutError } from '../protocol/uds';
import { openSerial } from '../transport/serial';

const VIN = 'WCTZZZ000RS000042';
const ports: Elm327Emulator[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.unplug();
});

/** The simulated car's engine ECU (OBD and UDS on 7E0/7E8) behind an emulated ELM327. */
async function rig(protocol = '6', obdBus: 'can' | 'iso9141' = 'can') {
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: performance.now() * 1000 });
	vehicle.responders.push(new ObdResponder(), new UdsResponder({ seed: 7 }));
	const port = new Elm327Emulator({
		bus: vehicle,
		resetMs: 5,
		baudRate: 115200,
		obdBus,
		kLineTiming: { slowInitMs: 30, fastInitMs: 10, p2Ms: 2 }
	});
	ports.push(port);
	const adapter = new Elm327Adapter({
		stream: await openSerial(port, { baudRate: 115200, bufferSize: 65536 })
	});
	await adapter.initialize({ protocol });
	return { port, adapter };
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('UDS through an ELM327', () => {
	it('addresses the ECU with ATSH/ATCRA/ATST and reads the multi-frame VIN the ELM reassembles', async () => {
		const { adapter, port } = await rig();
		const link = await openElm327UdsLink({ adapter, responseWindowMs: 400 });
		const client = new UdsClient({ link });
		expect(ascii(await client.readDataByIdentifier(0xf190))).toBe(VIN);
		expect(port.hostWrites.slice(-4)).toEqual(['ATSH7E0\r', 'ATCRA7E8\r', 'ATST64\r', '22F190\r']);
		await link.close();
		expect(port.hostWrites.slice(-3)).toEqual(['ATCRA\r', 'ATSH7DF\r', 'ATST32\r']);
	});

	it('throws NegativeResponseError with the NRC for a DID the ECU does not have', async () => {
		const { adapter } = await rig();
		const client = new UdsClient({
			link: await openElm327UdsLink({ adapter, responseWindowMs: 400 })
		});
		const err = await client.readDataByIdentifier(0x1234).catch((e) => e);
		expect(err).toBeInstanceOf(NegativeResponseError);
		expect(err).toMatchObject({ sid: 0x22, nrc: 0x31, nrcName: 'requestOutOfRange' });
	});

	it('hands the answers after 7F 31 78 to the client in turn, so responsePending works', async () => {
		const { adapter } = await rig();
		const link = await openElm327UdsLink({ adapter, responseWindowMs: 400 });
		const client = new UdsClient({ link, linkGraceMs: 3000 });
		await client.diagnosticSessionControl(0x03);
		const result = await client.routineControl({ controlType: 0x01, routineId: SELF_TEST_ROUTINE });
		expect(result).toMatchObject({ controlType: 0x01, routineId: SELF_TEST_ROUTINE });
	});

	it('reports a timeout naming the pending answers when the ELM window is shorter than the ECU’s', async () => {
		const { adapter } = await rig();
		const link = await openElm327UdsLink({ adapter, responseWindowMs: 100 });
		const client = new UdsClient({ link, linkGraceMs: 3000 });
		await client.diagnosticSessionControl(0x03);
		const err = await client
			.routineControl({ controlType: 0x01, routineId: SELF_TEST_ROUTINE })
			.catch((e) => e);
		expect(err).toBeInstanceOf(UdsTimeoutError);
		expect(err.pendingResponses).toBe(1);
		expect(err.cause.message).toMatch(/after responsePending without the final answer/);
	});

	it('unlocks security with the demo seed→key in the extended session', async () => {
		const { adapter } = await rig();
		const client = new UdsClient({
			link: await openElm327UdsLink({ adapter, responseWindowMs: 400 })
		});
		await client.diagnosticSessionControl(0x03);
		expect(await client.securityAccess(0x01, demoSeedToKey)).toEqual({ alreadyUnlocked: false });
	});

	it('refuses requests longer than a single frame and protocols other than CAN', async () => {
		const { adapter } = await rig();
		const link = await openElm327UdsLink({ adapter, responseWindowMs: 400 });
		await expect(link.request(new Uint8Array(8).fill(0x2e), { timeoutMs: 100 })).rejects.toThrow(
			AdapterRejectedError
		);
		const kLine = await rig('3', 'iso9141');
		await kLine.adapter.query(Uint8Array.of(0x01, 0x00));
		await expect(openElm327UdsLink({ adapter: kLine.adapter })).rejects.toThrow(
			/needs a CAN protocol \(ISO 15765-4\); the adapter is on ISO 9141-2/
		);
	});
});
