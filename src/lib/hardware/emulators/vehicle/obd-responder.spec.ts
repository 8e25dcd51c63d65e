import { describe, expect, it } from 'vitest';
import { canFrame, type CanFrame } from '../../protocol/can-frame';
import {
	IsoTpReceiver,
	PciType,
	decodeFrame,
	encodeFrame,
	type IsoTpReceiverOptions
} from '../../protocol/isotp';
import {
	decodeCurrentDataResponse,
	decodeDtcResponse,
	decodeFreezeFrameResponse,
	decodeMonitorStatus,
	decodeVinResponse,
	expectPositiveResponse,
	nextDiscoveryPid,
	supportedPids,
	vinCheckDigitValid
} from '../../protocol/obd2';
import {
	OBD_ECU_REQUEST_ID,
	OBD_ECU_RESPONSE_ID,
	OBD_FUNCTIONAL_ID,
	ObdResponder
} from './obd-responder';
import { SimulatedVehicle } from './simulated-vehicle';
import type { VehicleState } from './vehicle-state';

interface Exchange {
	message: Uint8Array | undefined;
	/** The model state when the request went out, which the ECU samples. */
	state: VehicleState;
	frames: CanFrame[];
	flowControls: number;
}

/**
 * A tester on the simulated bus: sends one padded single-frame request, polls every 500 µs for up to 100 ms,
 * reassembles 0x7E8's answer with the ISO-TP receiver and sends its flow control to the physical id.
 */
function exchange(
	vehicle: SimulatedVehicle,
	request: number[],
	options: { id?: number; atUs?: number; receiver?: IsoTpReceiverOptions } = {}
): Exchange {
	const start = options.atUs ?? 1_000_000;
	vehicle.poll(start);
	const state = { ...vehicle.state };
	const receiver = new IsoTpReceiver(options.receiver);
	const data = encodeFrame({ pci: PciType.SingleFrame, data: Uint8Array.from(request) });
	vehicle.transmit(canFrame({ id: options.id ?? OBD_FUNCTIONAL_ID, data }), start);
	const frames: CanFrame[] = [];
	let flowControls = 0;
	for (let t = start + 500; t <= start + 100_000; t += 500) {
		for (const frame of vehicle.poll(t)) {
			if (frame.id !== OBD_ECU_RESPONSE_ID) continue;
			frames.push(frame);
			const out = receiver.handleFrame(frame.data, frame.timestampUs);
			if (out.flowControl) {
				flowControls++;
				vehicle.transmit(canFrame({ id: OBD_ECU_REQUEST_ID, data: out.flowControl }), t);
			}
			if (out.message) return { message: out.message, state, frames, flowControls };
		}
	}
	return { message: undefined, state, frames, flowControls };
}

function carWithEcu(options: ConstructorParameters<typeof ObdResponder>[0] = {}) {
	const vehicle = new SimulatedVehicle({ scenario: 'demo', seed: 7 });
	const ecu = new ObdResponder(options);
	vehicle.responders.push(ecu);
	return { vehicle, ecu };
}

describe('ObdResponder on the simulated car', () => {
	it('answers 01 0C with the model’s RPM within one LSB (0.25 rpm)', () => {
		const { vehicle } = carWithEcu();
		for (const atUs of [1_000_000, 4_000_000, 9_000_000]) {
			const { message, state } = exchange(vehicle, [0x01, 0x0c], { atUs });
			const rpm = decodeCurrentDataResponse(message!, [0x0c])[0].readings[0].value;
			expect(state.rpm).toBeGreaterThan(500);
			expect(Math.abs(rpm - state.rpm)).toBeLessThanOrEqual(0.25);
		}
	});

	it('answers within P2 (50 ms) on 8-byte padded frames', () => {
		const { vehicle } = carWithEcu();
		const { frames } = exchange(vehicle, [0x01, 0x0d]);
		expect(frames).toHaveLength(1);
		expect(frames[0].data).toHaveLength(8);
		expect(frames[0].timestampUs - 1_000_000).toBeLessThan(50_000);
	});

	it('scales coolant, IAT, MAP, speed, throttle, λ, battery and oil temperature from the model', () => {
		const { vehicle } = carWithEcu();
		const pids = [0x05, 0x0f, 0x0b, 0x0d, 0x11, 0x24];
		const { message, state: s } = exchange(vehicle, [0x01, ...pids], { atUs: 6_000_000 });
		const byKey = Object.fromEntries(
			decodeCurrentDataResponse(message!, pids).map((v) => [v.key, v.readings[0].value])
		);
		expect(Math.abs(byKey.coolantTemp - s.coolantC)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(byKey.intakeAirTemp - s.iatC)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(byKey.intakeManifoldPressure - Math.min(255, s.mapKpa))).toBeLessThanOrEqual(
			0.5
		);
		expect(Math.abs(byKey.vehicleSpeed - s.speedKmh)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(byKey.throttlePosition - s.throttle)).toBeLessThanOrEqual(100 / 255 / 2 + 1e-9);
		expect(Math.abs(byKey.o2Sensor1WideVoltage - s.lambda)).toBeLessThanOrEqual(1 / 65536 + 1e-9);
		const second = exchange(vehicle, [0x01, 0x42, 0x5c], { atUs: 6_100_000 });
		const [volts, oil] = decodeCurrentDataResponse(second.message!).map((v) => v.readings[0].value);
		expect(Math.abs(volts - second.state.batteryV)).toBeLessThanOrEqual(0.0005 + 1e-9);
		expect(Math.abs(oil - second.state.oilC)).toBeLessThanOrEqual(0.5);
	});

	it('publishes supported-PID bitmaps that list exactly the PIDs it answers', () => {
		const { vehicle } = carWithEcu();
		const answers = new Map<number, Uint8Array>();
		let atUs = 1_000_000;
		for (let pid = nextDiscoveryPid(answers); pid !== undefined; pid = nextDiscoveryPid(answers)) {
			const { message } = exchange(vehicle, [0x01, pid], { atUs });
			atUs += 100_000;
			answers.set(pid, expectPositiveResponse(message!, 0x01).subarray(1));
		}
		const supported = [...supportedPids(answers)].filter((p) => p % 0x20 !== 0);
		expect(supported.length).toBeGreaterThan(10);
		for (let pid = 0x01; pid <= 0x7f; pid++) {
			if (pid % 0x20 === 0) continue;
			const { message } = exchange(vehicle, [0x01, pid], { atUs });
			atUs += 100_000;
			expect(message !== undefined, `PID ${pid.toString(16)}`).toBe(supported.includes(pid));
		}
	});

	it('stays silent on an unsupported PID requested functionally', () => {
		const { vehicle } = carWithEcu();
		expect(exchange(vehicle, [0x01, 0x10]).frames).toEqual([]);
		expect(exchange(vehicle, [0x01, 0x60], { atUs: 2_000_000 }).frames).toEqual([]);
	});

	it('answers 7F 01 31 to an unsupported PID requested physically', () => {
		const { vehicle } = carWithEcu();
		const { message } = exchange(vehicle, [0x01, 0x10], { id: OBD_ECU_REQUEST_ID });
		expect([...message!]).toEqual([0x7f, 0x01, 0x31]);
	});

	it('answers 7F xx 12 to a malformed physical request and 7F xx 11 to an unknown service', () => {
		const { vehicle } = carWithEcu();
		const bad = exchange(vehicle, [0x01], { id: OBD_ECU_REQUEST_ID });
		expect([...bad.message!]).toEqual([0x7f, 0x01, 0x12]);
		const unknown = exchange(vehicle, [0x08, 0x01], { id: OBD_ECU_REQUEST_ID, atUs: 2_000_000 });
		expect([...unknown.message!]).toEqual([0x7f, 0x08, 0x11]);
		expect(exchange(vehicle, [0x08, 0x01], { atUs: 3_000_000 }).frames).toEqual([]);
	});

	it('leaves UDS requests (service 0x10 and up) to the diagnostic server on the same ids', () => {
		const { vehicle } = carWithEcu();
		expect(exchange(vehicle, [0x22, 0xf1, 0x90], { id: OBD_ECU_REQUEST_ID }).frames).toEqual([]);
	});

	it('answers only the supported subset of a multi-PID request', () => {
		const { vehicle } = carWithEcu();
		const { message } = exchange(vehicle, [0x01, 0x10, 0x0c, 0x5e, 0x0d]);
		expect(decodeCurrentDataResponse(message!).map((v) => v.pid)).toEqual([0x0c, 0x0d]);
	});

	it('sends the VIN over multi-frame ISO-TP after the tester’s flow control', () => {
		const { vehicle, ecu } = carWithEcu();
		const { message, frames, flowControls } = exchange(vehicle, [0x09, 0x02]);
		expect(decodeVinResponse(message!)).toBe(ecu.vin);
		expect(vinCheckDigitValid(ecu.vin)).toBe(true);
		expect([...frames[0].data.subarray(0, 5)]).toEqual([0x10, 0x14, 0x49, 0x02, 0x01]);
		expect(frames.map((f) => decodeFrame(f.data).pci)).toEqual([1, 2, 2]);
		expect(flowControls).toBe(1);
	});

	it('holds consecutive frames until the flow control arrives', () => {
		const { vehicle } = carWithEcu();
		vehicle.poll(1_000_000);
		const request = encodeFrame({ pci: PciType.SingleFrame, data: Uint8Array.of(0x09, 0x02) });
		vehicle.transmit(canFrame({ id: OBD_FUNCTIONAL_ID, data: request }), 1_000_000);
		const frames = vehicle.poll(1_200_000).filter((f) => f.id === OBD_ECU_RESPONSE_ID);
		expect(frames.map((f) => f.data[0] >> 4)).toEqual([1]);
	});

	it('honours block size and STmin from the flow control', () => {
		const { vehicle, ecu } = carWithEcu();
		const { message, frames, flowControls } = exchange(vehicle, [0x09, 0x02], {
			receiver: { blockSize: 1, stMinUs: 5000 }
		});
		expect(decodeVinResponse(message!)).toBe(ecu.vin);
		expect(flowControls).toBe(2);
		const [, cf1, cf2] = frames;
		expect(cf2.timestampUs - cf1.timestampUs).toBeGreaterThanOrEqual(5000);
	});

	it('abandons a multi-frame answer whose flow control comes after N_Bs (1 s)', () => {
		const { vehicle } = carWithEcu();
		vehicle.poll(1_000_000);
		const request = encodeFrame({ pci: PciType.SingleFrame, data: Uint8Array.of(0x09, 0x02) });
		vehicle.transmit(canFrame({ id: OBD_FUNCTIONAL_ID, data: request }), 1_000_000);
		vehicle.poll(2_500_000);
		vehicle.transmit(
			canFrame({ id: OBD_ECU_REQUEST_ID, data: Uint8Array.of(0x30, 0, 0) }),
			2_500_000
		);
		expect(vehicle.poll(2_600_000).filter((f) => f.id === OBD_ECU_RESPONSE_ID)).toEqual([]);
	});

	it('ignores flow control sent to the functional id', () => {
		const { vehicle } = carWithEcu();
		vehicle.poll(1_000_000);
		const request = encodeFrame({ pci: PciType.SingleFrame, data: Uint8Array.of(0x09, 0x02) });
		vehicle.transmit(canFrame({ id: OBD_FUNCTIONAL_ID, data: request }), 1_000_000);
		vehicle.poll(1_010_000);
		vehicle.transmit(
			canFrame({ id: OBD_FUNCTIONAL_ID, data: Uint8Array.of(0x30, 0, 0) }),
			1_010_000
		);
		expect(vehicle.poll(1_100_000).filter((f) => f.id === OBD_ECU_RESPONSE_ID)).toEqual([]);
	});

	it('reports stored DTCs with MIL on, and service 04 clears them, the MIL and the freeze frame', () => {
		const { vehicle } = carWithEcu();
		const stored = exchange(vehicle, [0x03]).message!;
		expect(decodeDtcResponse(stored, 0x03)).toEqual(['P0133', 'P0420']);
		const before = decodeCurrentDataResponse(
			exchange(vehicle, [0x01, 0x01], { atUs: 1_100_000 }).message!
		);
		expect(before[0].structured?.value).toMatchObject({ mil: true, dtcCount: 2 });

		expect([...exchange(vehicle, [0x04], { atUs: 1_200_000 }).message!]).toEqual([0x44]);

		expect(
			decodeDtcResponse(exchange(vehicle, [0x03], { atUs: 1_300_000 }).message!, 0x03)
		).toEqual([]);
		const after = exchange(vehicle, [0x01, 0x01], { atUs: 1_400_000 }).message!;
		const status = decodeMonitorStatus(expectPositiveResponse(after, 0x01).subarray(1));
		expect(status).toMatchObject({ mil: false, dtcCount: 0 });
		expect(status.monitors.catalyst).toEqual({ available: true, complete: false });
		const ffDtc = exchange(vehicle, [0x02, 0x02, 0x00], { atUs: 1_500_000 }).message!;
		expect(decodeFreezeFrameResponse(ffDtc, 0x02).structured?.value).toBeNull();
	});

	it('keeps permanent DTCs through a service 04 clear', () => {
		const { vehicle } = carWithEcu();
		exchange(vehicle, [0x04]);
		const permanent = exchange(vehicle, [0x0a], { atUs: 1_100_000 }).message!;
		expect(decodeDtcResponse(permanent, 0x0a)).toEqual(['P0133', 'P0420']);
		expect(
			decodeDtcResponse(exchange(vehicle, [0x07], { atUs: 1_200_000 }).message!, 0x07)
		).toEqual([]);
	});

	it('keeps a freeze frame of the first DTC, frozen while the engine runs on', () => {
		const { vehicle } = carWithEcu();
		const dtc = exchange(vehicle, [0x02, 0x02, 0x00]).message!;
		expect(decodeFreezeFrameResponse(dtc, 0x02).structured?.value).toBe('P0133');
		const frozenRpm = decodeFreezeFrameResponse(
			exchange(vehicle, [0x02, 0x0c, 0x00], { atUs: 1_100_000 }).message!,
			0x0c
		).readings[0].value;
		const later = decodeFreezeFrameResponse(
			exchange(vehicle, [0x02, 0x0c, 0x00], { atUs: 8_000_000 }).message!,
			0x0c
		).readings[0].value;
		expect(later).toBe(frozenRpm);
		expect(
			exchange(vehicle, [0x02, 0x0c, 0x01], { id: OBD_ECU_REQUEST_ID, atUs: 8_100_000 }).message
		).toEqual(Uint8Array.of(0x7f, 0x02, 0x31));
	});

	it('ignores frames on other ids and extended frames', () => {
		const { vehicle } = carWithEcu();
		expect(exchange(vehicle, [0x01, 0x0c], { id: 0x7e1 }).frames).toEqual([]);
	});

	it('refuses a VIN with a wrong check digit', () => {
		expect(() => new ObdResponder({ vin: '1HGCM82633A004353' })).toThrow(TypeError);
		expect(() => new ObdResponder({ storedDtcs: ['X0001'] })).toThrow();
	});
});
