import { parseMonitorLine } from '../src/lib/hardware/protocol/elm327/monitor-line';
import { formatFrameLine } from '../src/lib/hardware/protocol/elm327/format';
import { Elm327Adapter } from '../src/lib/hardware/adapters/elm327';
import { Elm327Emulator } from '../src/lib/hardware/emulators/elm327-device';
import { ScriptedEcuBus } from '../src/lib/hardware/emulators/elm327-scripted-ecu';
import { openSerial } from '../src/lib/hardware/transport/serial';

/** ELM327 figures: monitor-line parse rate (the hot path) and polled requests/s through the emulator. */
function benchMonitorParse(): void {
	const lines = 1000;
	let text = '';
	for (let i = 0; i < lines; i++) {
		const data = Uint8Array.of(i & 0xff, 0x41, 0x0c, 0x1a, 0xf8, 0, 0, i >> 8);
		text += formatFrameLine({ id: 0x100 + (i % 0x600), extended: false }, data, false) + '\r';
		text += formatFrameLine({ id: 0x18daf100 | (i & 0xff), extended: true }, data, true) + '\r';
	}
	const buf = Uint8Array.from(text, (c) => c.charCodeAt(0));
	const rounds = 500;
	let parsed = 0;
	const t0 = performance.now();
	for (let r = 0; r < rounds; r++) {
		let start = 0;
		for (let i = 0; i < buf.length; i++) {
			if (buf[i] !== 0x0d) continue;
			if (parseMonitorLine(buf, start, i, i)) parsed++;
			start = i + 1;
		}
	}
	const ms = performance.now() - t0;
	console.log(
		`parseMonitorLine: ${(((parsed / ms) * 1000) / 1e6).toFixed(2)} M lines/s (${parsed} lines, mixed 11/29-bit, S0/S1)`
	);
}

async function benchPolling(): Promise<void> {
	const bus = new ScriptedEcuBus(1000);
	const port = new Elm327Emulator({ bus, resetMs: 5, baudRate: 115200 });
	const adapter = new Elm327Adapter({
		stream: await openSerial(port, { baudRate: 115200, bufferSize: 65536 })
	});
	await adapter.initialize({ protocol: '6' });
	adapter.measuredRate();
	const n = 200;
	for (let i = 0; i < n; i++)
		await adapter.query(Uint8Array.of(0x01, 0x0c), { expectedResponses: 1 });
	const rate = adapter.measuredRate();
	console.log(
		`emulator → Elm327Adapter, 010C1 at 115200 baud, 1 ms ECU: ${rate.responsesPerSecond.toFixed(0)} responses/s`
	);
	port.unplug();
}

export async function benchElm327(): Promise<void> {
	benchMonitorParse();
	await benchPolling();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchElm327();
