import { describe, expect, it } from 'vitest';
import {
	CanErrClass,
	CanErrCtrl,
	decodeCanErrorFrame,
	encodeCanStateErrorFrame
} from './can-error-frame';

const data = (ctrl: number, tx = 0, rx = 0) => Uint8Array.of(0, ctrl, 0, 0, 0, 0, tx, rx);

describe('SocketCAN error frames', () => {
	it('maps controller bits to states as gs_update_state does', () => {
		expect(decodeCanErrorFrame(CanErrClass.CRTL, data(CanErrCtrl.TX_WARNING, 97)).state).toBe(
			'warning'
		);
		expect(decodeCanErrorFrame(CanErrClass.CRTL, data(CanErrCtrl.RX_PASSIVE, 0, 130)).state).toBe(
			'passive'
		);
		expect(decodeCanErrorFrame(CanErrClass.CRTL, data(CanErrCtrl.ACTIVE)).state).toBe('active');
		expect(decodeCanErrorFrame(CanErrClass.BUSOFF, data(0)).state).toBe('bus-off');
		expect(decodeCanErrorFrame(CanErrClass.RESTARTED | CanErrClass.BUSOFF, data(0)).state).toBe(
			'active'
		);
	});

	it('reports a bus error without a state change as state null', () => {
		expect(decodeCanErrorFrame(CanErrClass.PROT | CanErrClass.BUSERROR, data(0))).toMatchObject({
			state: null,
			busError: true
		});
	});

	it('reads counters from data[6] (TX) and data[7] (RX)', () => {
		expect(
			decodeCanErrorFrame(CanErrClass.CRTL | CanErrClass.CNT, data(CanErrCtrl.TX_WARNING, 100, 5))
				.counters
		).toEqual({ tx: 100, rx: 5 });
	});

	it('flags an RX overflow without inventing a state', () => {
		expect(decodeCanErrorFrame(CanErrClass.CRTL, data(CanErrCtrl.RX_OVERFLOW))).toMatchObject({
			state: null,
			rxOverflow: true
		});
	});

	it('encodes what candleLight sends for each state and decodes back to it', () => {
		for (const state of ['active', 'warning', 'passive', 'bus-off'] as const) {
			const { canId, data: d } = encodeCanStateErrorFrame(state, { tx: 130, rx: 0 });
			expect(decodeCanErrorFrame(canId, d).state).toBe(state);
		}
	});
});
