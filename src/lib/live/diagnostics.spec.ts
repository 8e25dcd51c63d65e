import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from '../logs/upload-queue';
import { LiveSession } from './live-session';

const dbcText = readFileSync(
	new URL('../hardware/emulators/vehicle/simulated-car.dbc', import.meta.url),
	'latin1'
);

let session: LiveSession | undefined;
afterEach(async () => {
	await session?.disconnect();
	session = undefined;
});

function start() {
	session = new LiveSession({
		dbcText,
		outbox: new MemoryOutboxStore(),
		fetch: (async () => new Response('{}')) as unknown as typeof fetch,
		onStatus: () => {}
	});
	return session;
}

describe('diagnostics on the connected car', () => {
	it.each(['elm327', 'gs_usb', 'openport'] as const)(
		'through %s: VIN, supported PIDs, DTCs with descriptions, readiness, freeze frame, then clear',
		async (via) => {
			const s = start();
			await s.connectSimulated('idle', via);
			expect(await s.diagnose('vin')).toEqual({ op: 'vin', vin: 'WCTZZZ000RS000042' });
			const pids = await s.diagnose('pids');
			expect(pids.op === 'pids' && pids.pids.map((p) => p.pid)).toEqual(
				expect.arrayContaining([0x0c, 0x0d, 0x05])
			);
			const dtcs = await s.diagnose('dtcs');
			expect(dtcs.op === 'dtcs' && dtcs.dtcs).toContainEqual(
				expect.objectContaining({ code: 'P0133', kind: 'stored', description: expect.any(String) })
			);
			const readiness = await s.diagnose('readiness');
			expect(readiness.op === 'readiness' && readiness.readiness).toMatchObject({
				mil: true,
				dtcCount: 2
			});
			const frame = await s.diagnose('freeze-frame');
			expect(frame.op === 'freeze-frame' && frame.freezeFrame.dtc).toBe('P0133');
			expect(frame.op === 'freeze-frame' && frame.freezeFrame.values.length).toBeGreaterThan(3);
			expect(await s.diagnose('clear-dtcs')).toEqual({ op: 'clear-dtcs', cleared: 1 });
			const after = await s.diagnose('dtcs');
			expect(after.op === 'dtcs' && after.dtcs.filter((d) => d.kind === 'stored')).toEqual([]);
		},
		20_000
	);

	it('a listen-only CAN connection refuses, saying why', async () => {
		const s = start();
		await s.connectSimulated('idle', 'panda');
		await expect(s.diagnose('vin')).rejects.toThrow(/allow transmit/);
	});
});
