import type { CanFrame } from '../lib/hardware/protocol/can-frame';
import { canIdText } from './decode-output';

export type DumpFormat = 'candump' | 'jsonl';

function dataHex(data: Uint8Array): string {
	let s = '';
	for (const b of data) s += b.toString(16).toUpperCase().padStart(2, '0');
	return s;
}

/** `sec.usec`, the candump -l timestamp: whole seconds, a dot, exactly six digits. */
function timestampText(epochUs: number): string {
	const us = Math.max(0, Math.round(epochUs));
	return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

/**
 * One `candump -l` line (can-utils lib.c sprint_canframe): `(sec.usec) canN ID#DATA`, `ID#R` for a remote
 * request (with its length when not zero), `ID##<flags>DATA` for CAN FD with flags 1 = BRS. Parses back with
 * src/lib/logs/candump.ts, so `cartech decode` reads what `cartech can dump` writes.
 */
export function candumpLine(frame: CanFrame, epochUs: number): string {
	const id = canIdText(frame.id, frame.extended);
	let body: string;
	if (frame.rtr) body = `#R${frame.data.length > 0 ? frame.data.length : ''}`;
	else if (frame.fd) body = `##${frame.brs ? 1 : 0}${dataHex(frame.data)}`;
	else body = `#${dataHex(frame.data)}`;
	return `(${timestampText(epochUs)}) can${frame.channel} ${id}${body}\n`;
}

/** `{"t":seconds,"iface":"can0","id":"7E8","extended":false,"rtr":false,"fd":false,"data":"0341…"}` per frame. */
export function jsonlFrameLine(frame: CanFrame, epochUs: number): string {
	return (
		JSON.stringify({
			t: Number(timestampText(epochUs)),
			iface: `can${frame.channel}`,
			id: canIdText(frame.id, frame.extended),
			extended: frame.extended,
			rtr: frame.rtr,
			fd: frame.fd,
			data: dataHex(frame.data)
		}) + '\n'
	);
}
