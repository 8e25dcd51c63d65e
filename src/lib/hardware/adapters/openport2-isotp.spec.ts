import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdapterDisconnectedError } from '../errors';
import { IsoTpTimeoutError } from '../protocol/isotp';
import { J2534Error } from '../protocol/openport';
import { UdsClient, UdsTimeoutError } from '../protocol/uds';
import { createIsoTpUdsLink } from '../protocol/uds/isotp-link';
import { decodeCurrentDataResponse, decodePidNumber, decodeVinResponse } from '../protocol/obd2';
import { OpenPort2Emulator } from '../emulators/openport2-device';
import type { CanBusSource } from '../emulators/can-bus-source';
import { EcuTransmitter } from '../emulators/vehicle/ecu-transmitter';
import type { CanFrame } from '../protocol/can-frame';
import { ObdResponder } from '../emulators/vehicle/obd-responder';
import { SimulatedVehicle } from '../emulators/vehicle/simulated-vehicle';
import { UdsResponder } from '../emulators/vehicle/uds-responder';
import { demoSeedToKey } from '../emulators/vehicle/uds-security';
import { OpenPort2 } from './openport2';
import { OpenPort2IsoTpLink } from './openport2-isotp';
import { show } from './openport2-scripted-device.test-helper';

const VIN = 'WCTZZZ000RS000042';

/** `type` or `type:len` of each `ar6` packet in one IN transfer, for the data-carrying ones. */
function packetTypes(data: Uint8Array): string[] {
	const out: string[] = [];
	for (let at = 0; at + 4 < data.length && data[at] === 0x61; at += data[at + 3] + 4) {
		const type = data[at + 4].toString(16).padStart(2, '0');
		out.push(type === '00' ? `${type}:${data[at + 3]}` : type);
	}
	return out;
}
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/**
 * SimulatedVehicle (UDS + OBD ECUs on 0x7E0/0x7E8) → OpenPort2Emulator (ISO-TP in "firmware") → WebUSB surface →
 * OpenPort2 → OpenPort2IsoTpLink → UdsClient / OBD decoders, on one fake clock.
 */
async function rig() {
	const clock = () => Date.now() * 1000;
	const vehicle = new SimulatedVehicle({ scenario: 'idle', startUs: clock() });
	const uds = new UdsResponder({ vin: VIN, seed: 42 });
	vehicle.responders.push(uds, new ObdResponder({ vin: VIN }));
	const device = new OpenPort2Emulator({ bus: vehicle, clock });
	const openport = new OpenPort2({ device });
	await run(openport.open());
	const link = await run(OpenPort2IsoTpLink.open({ openport, txId: 0x7e0, rxId: 0x7e8 }));
	const client = new UdsClient({ link: createIsoTpUdsLink(link) });
	return { vehicle, uds, device, openport, link, client };
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

/** An ECU on 0x7E0 → 0x7E8 that answers any single frame with a long response, paced by our flow control. */
class LongAnswerBus implements CanBusSource {
	readonly #tx = new EcuTransmitter({ responseId: 0x7e8, gapUs: 250 });
	readonly #answer: Uint8Array;
	#due: CanFrame[] = [];
	constructor(answer: Uint8Array) {
		this.#answer = answer;
	}
	poll(nowUs: number): CanFrame[] {
		const out = this.#due.filter((f) => f.timestampUs <= nowUs);
		this.#due = this.#due.filter((f) => f.timestampUs > nowUs);
		return out;
	}
	transmit(frame: CanFrame, nowUs: number): void {
		if (frame.id !== 0x7e0) return;
		const pci = frame.data[0] >> 4;
		if (pci === 0) this.#due.push(...this.#tx.send(this.#answer, nowUs + 1000));
		if (pci === 3) this.#due.push(...(this.#tx.flowControl(frame.data, nowUs) ?? []));
	}
}

describe('OpenPort2IsoTpLink over the emulator and the simulated car', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 1_000_000 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('connects ISO 15765 and starts the flow control filter FFFFFFFF / 7E8 / 7E0', async () => {
		const { device, openport } = await rig();
		const out = device.log.filter((r) => r.direction === 'out').map((r) => show(r.data));
		expect(out.slice(2)).toEqual([
			'ato6 2048 500000 0\\r\\n',
			'atf6 3 64 4\\r\\n<ff><ff><ff><ff><00><00><07><e8><00><00><07><e0>'
		]);
		await run(openport.close());
	});

	it('reads the VIN with UdsClient (a multi-frame response reassembled by the adapter)', async () => {
		const { client, openport } = await rig();
		expect(ascii(await run(client.readDataByIdentifier(0xf190)))).toBe(VIN);
		await run(openport.close());
	});

	it('writes a DID with a multi-frame request once unlocked, and reads it back', async () => {
		const { client, openport } = await rig();
		await run(client.diagnosticSessionControl(0x03));
		await run(client.securityAccess(0x01, demoSeedToKey));
		await run(client.writeDataByIdentifier(0xf198, new TextEncoder().encode('SHOP-00042')));
		expect(ascii(await run(client.readDataByIdentifier(0xf198)))).toBe('SHOP-00042');
		await run(openport.close());
	});

	it('runs OBD service 01 and the service 09 VIN through request()', async () => {
		const { link, vehicle, openport } = await rig();
		const [rpm] = decodeCurrentDataResponse(
			await run(link.request(Uint8Array.of(0x01, 0x0c))),
			[0x0c]
		);
		expect(rpm.readings[0].value).toBeCloseTo(vehicle.state.rpm, -2);
		const coolant = await run(link.request(Uint8Array.of(0x01, 0x05)));
		expect(decodePidNumber(0x05, coolant.subarray(2))).toBeCloseTo(vehicle.state.coolantC, 0);
		expect(decodeVinResponse(await run(link.request(Uint8Array.of(0x09, 0x02))))).toBe(VIN);
		await run(openport.close());
	});

	it('times out a silent ECU as IsoTpTimeoutError(response), which UdsClient reports as UdsTimeoutError', async () => {
		const { openport } = await rig();
		const silent = await run(OpenPort2IsoTpLink.open({ openport, txId: 0x7e1, rxId: 0x7e9 }));
		const err = await run(
			silent.request(Uint8Array.of(0x3e, 0x00), { timeoutMs: 200 }).catch((e: unknown) => e)
		);
		expect(err).toBeInstanceOf(IsoTpTimeoutError);
		expect(err).toMatchObject({ timer: 'response' });
		const client = new UdsClient({ link: createIsoTpUdsLink(silent), p2Ms: 100 });
		await expect(run(client.testerPresent())).rejects.toBeInstanceOf(UdsTimeoutError);
		await run(silent.close());
		await run(openport.close());
	});

	it('surfaces ERR_NO_FLOW_CONTROL for a segmented message to an id no filter sends on', async () => {
		const { openport } = await rig();
		const msg = Uint8Array.of(0, 0, 7, 0xe1, 0x2e, 0xf1, 0x98, 1, 2, 3, 4, 5);
		const err = await run(openport.write(6, msg, 0x40).catch((e: unknown) => e));
		expect(err).toBeInstanceOf(J2534Error);
		expect(err).toMatchObject({ codeName: 'ERR_NO_FLOW_CONTROL', request: 'att6 12 64' });
		await run(openport.close());
	});

	it('keeps the UDS session alive with a periodic testerPresent, which S3 ends without it', async () => {
		const { client, link, uds, openport } = await rig();
		await run(client.diagnosticSessionControl(0x03));
		const id = link.startPeriodic(Uint8Array.of(0x3e, 0x80), 2000);
		await run(new Promise((r) => setTimeout(r, 8000)));
		link.stopPeriodic(id);
		await run(client.readDataByIdentifier(0xf190));
		expect(uds.server.session).toBe(3);
		await run(new Promise((r) => setTimeout(r, 8000)));
		await run(client.readDataByIdentifier(0xf190));
		expect(uds.server.session).toBe(1);
		await run(openport.close());
	});

	it('rejects a pending request with AdapterDisconnectedError when the adapter is unplugged', async () => {
		const { link, device } = await rig();
		const pending = link.request(Uint8Array.of(0x22, 0xf1, 0x90)).catch((e: unknown) => e);
		device.unplug();
		expect(await run(pending)).toBeInstanceOf(AdapterDisconnectedError);
		await expect(link.receive()).rejects.toBeInstanceOf(AdapterDisconnectedError);
	});

	it('reassembles a 300-byte response the adapter delivers in two RX packets', async () => {
		const answer = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
		const device = new OpenPort2Emulator({
			bus: new LongAnswerBus(answer),
			clock: () => Date.now() * 1000
		});
		const openport = new OpenPort2({ device });
		await run(openport.open());
		const link = await run(OpenPort2IsoTpLink.open({ openport, txId: 0x7e0, rxId: 0x7e8 }));
		expect([...(await run(link.request(Uint8Array.of(0x22, 0x12, 0x34))))]).toEqual([...answer]);
		const sizes = device.log
			.filter((r) => r.direction === 'in' && r.data[0] === 0x61 && r.data[2] === 0x36)
			.flatMap((r) => packetTypes(r.data));
		expect(sizes).toEqual(['10', '80', '00:255', '00:59', '40']);
		await run(openport.close());
	});

	it('stops its filter and releases the channel on close', async () => {
		const { device, link, openport } = await rig();
		await run(link.close());
		const out = device.log.filter((r) => r.direction === 'out').map((r) => show(r.data));
		expect(out.slice(-2)).toEqual(['atk6 0\\r\\n', 'atc6\\r\\n']);
		await expect(link.receive()).rejects.toThrow(/closed/);
		await run(openport.close());
	});
});
