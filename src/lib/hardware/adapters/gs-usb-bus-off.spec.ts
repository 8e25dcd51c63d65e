import { afterEach, describe, expect, it, vi } from 'vitest';
import { canFrame } from '../protocol/can-frame';
import { AdapterDisconnectedError, AdapterError, AdapterRejectedError } from '../errors';
import type { UsbControlSetup } from '../transport/usb';
import {
	controlLines,
	forward,
	gsUsbRig as rig,
	handWrittenIn,
	settle
} from './gs-usb-rig.test-helper';
import { GsUsbAdapter, type GsUsbWarning } from './gs-usb';
import { RecordingSink } from './recording-sink.test-helper';

const RESET = '=> 41 02 0000 0000 0000000000000000';
const START = '=> 41 02 0000 0000 0100000010000000';
const frame = () => canFrame({ id: 0x7df, data: Uint8Array.of(2, 1, 0x0c) });

afterEach(() => {
	vi.useRealTimers();
});

describe('GsUsbAdapter error frames, from hand-written transfers', () => {
	it('maps each error frame to a bus state with its counters, and never to a frame', async () => {
		const { device: emulator } = rig();
		const { device, push } = handWrittenIn(emulator);
		const warnings: GsUsbWarning[] = [];
		const adapter = new GsUsbAdapter({
			device,
			rxTransfers: 1,
			onWarning: (w) => warnings.push(w)
		});
		const sink = new RecordingSink();
		await adapter.open({}, sink);
		const ts = '10000000';
		// can_id 0x20000204 = ERR|CRTL|CNT; data[1] TX_WARNING, data[6] TEC 100, data[7] REC 3.
		push('ffffffff 04020020 08000000 0008000000006403' + ts);
		// RX_PASSIVE, TEC 5, REC 130.
		push('ffffffff 04020020 08000000 0010000000000582' + ts);
		// A bus error alone (PROT|BUSERROR|CNT, bit-0 error): the state stays, the counters move.
		push('ffffffff 88020020 08000000 0000040000000783' + ts);
		// CRTL with RX_OVERFLOW only: the device lost frames; no state in it.
		push('ffffffff 04000020 08000000 0001000000000000' + ts);
		// BUSOFF, then RESTARTED (what Linux's can_restart() and some firmware send).
		push('ffffffff 40000020 08000000 0000000000000000' + ts);
		push('ffffffff 00010020 08000000 0000000000000000' + ts);
		await settle();
		expect(sink.states).toEqual([
			{ state: 'warning', counters: { tx: 100, rx: 3 } },
			{ state: 'passive', counters: { tx: 5, rx: 130 } },
			{ state: 'passive', counters: { tx: 7, rx: 131 } },
			{ state: 'passive', counters: { tx: 0, rx: 0 } },
			{ state: 'bus-off', counters: { tx: 0, rx: 0 } },
			{ state: 'active', counters: { tx: 0, rx: 0 } }
		]);
		expect(sink.frames).toEqual([]);
		expect(warnings).toEqual([{ kind: 'rx-overflow' }]);
		expect(adapter.stats).toMatchObject({ errorFrames: 6, rxOverflows: 1, busOff: 1 });
		await adapter.close();
	});

	it('reads the error frames the emulated firmware sends, byte for byte', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.setBusState('warning', { tx: 97, rx: 0 });
		device.injectBusOff();
		await settle();
		const ins = device.log.filter((r) => r.kind === 'bulk' && r.direction === 'in');
		expect(ins.map((r) => Buffer.from(r.data).toString('hex'))).toEqual([
			'ffffffff' + '04020020' + '08000000' + '0008000000006100' + '40420f00',
			'ffffffff' + '40000020' + '08000000' + '0000000000000000' + '40420f00'
		]);
		expect(sink.states.map((s) => s.state)).toEqual(['warning', 'bus-off']);
	});
});

describe('GsUsbAdapter bus-off', () => {
	it('refuses to send while bus-off, without touching USB', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.injectBusOff();
		await settle();
		expect(adapter.busState).toBe('bus-off');
		await expect(adapter.send(frame())).rejects.toThrow(
			new AdapterRejectedError('the channel is bus-off; call recover() to restart it', 'gs_usb')
		);
		expect(device.log.filter((r) => r.kind === 'bulk' && r.direction === 'out')).toEqual([]);
	});

	it('stays bus-off with restartMs 0 (the Linux default) until recover()', async () => {
		vi.useFakeTimers();
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(adapter.busState).toBe('bus-off');
		expect(controlLines(device).filter((l) => l === RESET)).toHaveLength(1);
		await adapter.recover();
		expect(controlLines(device).slice(-4)).toEqual([RESET, '<= ok', START, '<= ok']);
		expect(sink.states.at(-1)).toEqual({ state: 'active', counters: { rx: 0, tx: 0 } });
		expect(adapter.stats).toMatchObject({ busOff: 1, restarts: 1 });
		await adapter.send(frame());
		expect(adapter.stats.txFrames).toBe(1);
	});

	it('restarts by itself restartMs after bus-off: MODE RESET, MODE START, error-active', async () => {
		vi.useFakeTimers();
		const { device, adapter, sink } = rig();
		await adapter.open({ restartMs: 50 }, sink);
		const before = controlLines(device).length;
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(49);
		expect(controlLines(device)).toHaveLength(before);
		await expect(adapter.send(frame())).rejects.toThrow(
			'the channel is bus-off and restarts 50 ms after it went off'
		);
		await vi.advanceTimersByTimeAsync(1);
		expect(controlLines(device).slice(before)).toEqual([RESET, '<= ok', START, '<= ok']);
		expect(device.channel(0)).toMatchObject({ started: true, state: 'active', tec: 0 });
		expect(sink.states).toEqual([
			{ state: 'bus-off', counters: { tx: 0, rx: 0 } },
			{ state: 'active', counters: { rx: 0, tx: 0 } }
		]);
		await adapter.send(frame());
	});

	it('asks GET_STATE after the restart when the device has it (candleLight FD)', async () => {
		vi.useFakeTimers();
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({ bitrate: 500_000, dataBitrate: 2_000_000, restartMs: 100 }, sink);
		const before = controlLines(device).length;
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(100);
		expect(controlLines(device).slice(before)).toEqual([
			RESET,
			'<= ok',
			'=> 41 02 0000 0000 0100000010010000',
			'<= ok',
			'=> c1 0e 0000 0000 len 12',
			'<= 000000000000000000000000'
		]);
		expect(sink.states.at(-1)).toEqual({ state: 'active', counters: { rx: 0, tx: 0 } });
	});

	it('fails the frames still waiting for an echo when the restart drops them', async () => {
		const { device, bus, adapter, sink } = rig();
		await adapter.open({}, sink);
		const pending = adapter.send(frame());
		pending.catch(() => {});
		device.injectBusOff();
		await settle();
		await adapter.recover();
		const err = await pending.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AdapterError);
		expect((err as Error).message).toBe('the frame was dropped when the bus-off channel restarted');
		expect(bus.transmitted).toEqual([]);
		await adapter.send(frame());
		expect(bus.transmitted).toHaveLength(1);
	});

	it('cancels the pending restart when the controller recovers by itself', async () => {
		vi.useFakeTimers();
		const { device, bus, adapter, sink } = rig();
		await adapter.open({ restartMs: 50 }, sink);
		const before = controlLines(device).length;
		const pending = adapter.send(frame());
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(10);
		device.setBusState('active', { tx: 0, rx: 0 });
		await vi.advanceTimersByTimeAsync(100);
		await pending;
		expect(controlLines(device)).toHaveLength(before);
		expect(bus.transmitted).toHaveLength(1);
		expect(sink.states.map((s) => s.state)).toEqual(['bus-off', 'active']);
		expect(adapter.stats.restarts).toBe(0);
	});

	it('refuses recover() when the channel is not bus-off', async () => {
		const { adapter, sink } = rig();
		await adapter.open({}, sink);
		await expect(adapter.recover()).rejects.toThrow(
			new AdapterRejectedError('the channel is not bus-off (it is active)', 'gs_usb')
		);
		await adapter.close();
		await expect(adapter.recover()).rejects.toThrow('gs_usb adapter is closed');
	});

	it('reports a failed automatic restart as a warning and stays bus-off', async () => {
		vi.useFakeTimers();
		const { device: emulator } = rig();
		let stallStart = false;
		const device = forward(emulator);
		device.controlTransferOut = async (setup: UsbControlSetup, data?: BufferSource) => {
			const bytes = new Uint8Array(data as ArrayBuffer);
			if (stallStart && setup.request === 2 && bytes[0] === 1)
				return { status: 'stall', bytesWritten: 0 };
			return emulator.controlTransferOut(setup, data);
		};
		const warnings: GsUsbWarning[] = [];
		const adapter = new GsUsbAdapter({ device, onWarning: (w) => warnings.push(w) });
		const sink = new RecordingSink();
		await adapter.open({ restartMs: 20 }, sink);
		stallStart = true;
		emulator.injectBusOff();
		await vi.advanceTimersByTimeAsync(20);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatchObject({ kind: 'restart-failed' });
		const error = (warnings[0] as { error: AdapterError }).error;
		expect(error).toBeInstanceOf(AdapterRejectedError);
		expect(error.message).toBe('MODE request ended with stall');
		expect(adapter.busState).toBe('bus-off');
		stallStart = false;
		await adapter.recover();
		expect(adapter.busState).toBe('active');
	});

	it('reports an unplug during recover() once, as AdapterDisconnectedError', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		device.injectBusOff();
		await settle();
		device.unplug();
		await expect(adapter.recover()).rejects.toBeInstanceOf(AdapterDisconnectedError);
		await settle();
		expect(sink.closes).toHaveLength(1);
		expect(sink.closes[0]).toBeInstanceOf(AdapterDisconnectedError);
	});

	it('stops the restart timer on close()', async () => {
		vi.useFakeTimers();
		const { device, adapter, sink } = rig();
		await adapter.open({ restartMs: 50 }, sink);
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(1);
		await adapter.close();
		const after = device.log.length;
		await vi.advanceTimersByTimeAsync(100);
		expect(device.log).toHaveLength(after);
		expect(sink.closes).toEqual([null]);
	});
});

describe('GsUsbAdapter.readState (GET_STATE)', () => {
	it('returns the controller state and counters byte for byte', async () => {
		const { device, adapter, sink } = rig({ fd: true });
		await adapter.open({}, sink);
		device.setBusState('passive', { tx: 140, rx: 9 });
		await settle();
		expect(await adapter.readState()).toEqual({ state: 'passive', counters: { rx: 9, tx: 140 } });
		expect(controlLines(device).slice(-2)).toEqual([
			'=> c1 0e 0000 0000 len 12',
			'<= 02000000090000008c000000'
		]);
		expect(sink.states).toHaveLength(1);
	});

	it('finds a bus-off whose error frame was lost and arms the restart', async () => {
		vi.useFakeTimers();
		const { device, adapter, sink } = rig({ fd: true, queueCapacity: 0 });
		await adapter.open({ restartMs: 30 }, sink);
		device.injectBusOff();
		await vi.advanceTimersByTimeAsync(1);
		expect(device.droppedFrames).toBe(1);
		expect(sink.states).toEqual([]);
		expect(await adapter.readState()).toEqual({ state: 'bus-off', counters: { rx: 0, tx: 255 } });
		expect(sink.states).toEqual([{ state: 'bus-off', counters: { rx: 0, tx: 255 } }]);
		await vi.advanceTimersByTimeAsync(30);
		expect(adapter.busState).toBe('active');
		expect(adapter.stats).toMatchObject({ busOff: 1, restarts: 1 });
	});

	it('refuses on a device without GET_STATE', async () => {
		const { device, adapter, sink } = rig();
		await adapter.open({}, sink);
		const before = device.log.length;
		await expect(adapter.readState()).rejects.toThrow(
			new AdapterRejectedError('the device does not support GET_STATE', 'gs_usb')
		);
		expect(device.log).toHaveLength(before);
	});
});
