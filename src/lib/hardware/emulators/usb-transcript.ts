import type {
	UsbControlSetup,
	UsbInResult,
	UsbOutResult,
	UsbTransferStatus
} from '../transport/usb';

/**
 * One USB exchange as an emulator saw it, for transcript tests in the style of ledgerjs
 * RecordStore (`=> request` / `<= reply`, STYLE R16).
 */
export type UsbRecord =
	| {
			kind: 'control';
			direction: 'in' | 'out';
			setup: UsbControlSetup;
			/** wLength for IN, the payload length for OUT. */
			length: number;
			/** OUT: what the host sent. IN: what the device answered (empty on stall). */
			data: Uint8Array;
			status: UsbTransferStatus;
	  }
	| {
			kind: 'bulk';
			direction: 'in' | 'out';
			endpoint: number;
			data: Uint8Array;
			status: UsbTransferStatus;
	  };

/** What an emulated firmware answers a control request with. */
export interface ControlReply {
	status: UsbTransferStatus;
	data?: Uint8Array;
}

/** Logs a control IN exchange and answers it as WebUSB does: the data stage when ok, no data otherwise. */
export function recordControlIn(
	log: UsbRecord[],
	setup: UsbControlSetup,
	length: number,
	reply: ControlReply
): UsbInResult {
	const data = reply.status === 'ok' ? (reply.data ?? new Uint8Array(0)) : new Uint8Array(0);
	log.push({
		kind: 'control',
		direction: 'in',
		setup: { ...setup },
		length,
		data,
		status: reply.status
	});
	if (reply.status !== 'ok') return { status: reply.status };
	return { status: 'ok', data: new DataView(data.buffer, data.byteOffset, data.byteLength) };
}

/** Logs a control OUT exchange and answers it: the whole data stage is written when the device acks. */
export function recordControlOut(
	log: UsbRecord[],
	setup: UsbControlSetup,
	bytes: Uint8Array,
	status: UsbTransferStatus
): UsbOutResult {
	log.push({
		kind: 'control',
		direction: 'out',
		setup: { ...setup },
		length: bytes.length,
		data: bytes,
		status
	});
	return { status, bytesWritten: status === 'ok' ? bytes.length : 0 };
}

const TYPE_BITS = { standard: 0x00, class: 0x20, vendor: 0x40 } as const;
const RECIPIENT_BITS = { device: 0, interface: 1, endpoint: 2, other: 3 } as const;

/** USB 2.0 §9.3.1 bmRequestType for a WebUSB setup. */
export function bmRequestType(setup: UsbControlSetup, direction: 'in' | 'out'): number {
	return (
		(direction === 'in' ? 0x80 : 0) | TYPE_BITS[setup.requestType] | RECIPIENT_BITS[setup.recipient]
	);
}

export function hex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const h2 = (n: number) => n.toString(16).padStart(2, '0');
const h4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * Renders records as lines: `=> c1 05 0001 0000 len 12` / `<= 000000000200000001000000`
 * (bmRequestType bRequest wValue wIndex), `=> bulk 02 <hex>`, `<= bulk 81 <hex>`.
 * A non-ok status is written as `<= stall` / `<= babble`.
 */
export function formatTranscript(records: readonly UsbRecord[]): string[] {
	return records.flatMap((r) => {
		if (r.kind === 'bulk') {
			const ep = r.direction === 'in' ? 0x80 | r.endpoint : r.endpoint;
			const line = `${r.direction === 'in' ? '<=' : '=>'} bulk ${h2(ep)} ${hex(r.data)}`;
			return r.status === 'ok' ? [line] : [line, `<= ${r.status}`];
		}
		const head = `=> ${h2(bmRequestType(r.setup, r.direction))} ${h2(r.setup.request)} ${h4(r.setup.value)} ${h4(r.setup.index)}`;
		if (r.direction === 'out') {
			return [`${head} ${hex(r.data)}`.trimEnd(), `<= ${r.status}`];
		}
		return [`${head} len ${r.length}`, r.status === 'ok' ? `<= ${hex(r.data)}` : `<= ${r.status}`];
	});
}
