import { ELM_PROTOCOLS } from '../protocol/elm327/protocols';

/** Protocol names as ATDP prints them (ELM327DSJ "AT SP"; protocols.md §1.1). */
export const ELM_PROTOCOL_NAMES: Record<string, string> = Object.fromEntries(
	Object.entries(ELM_PROTOCOLS).map(([digit, p]) => [digit, p.name])
);

export interface IdFilter {
	id: number;
	mask: number;
}

/** Everything AT D / AT Z put back to its default. */
export interface ElmSettings {
	echo: boolean;
	linefeeds: boolean;
	spaces: boolean;
	headers: boolean;
	dlc: boolean;
	autoFormat: boolean;
	autoFlowControl: boolean;
	/** ATSP digit; '0' = automatic. */
	protocol: string;
	/** ATSP A h: search from h on. */
	auto: boolean;
	/** The protocol found by the search or set by ATSP, once a request has gone through. */
	connected: string | null;
	/** ATST: response timeout in 4 ms units (default 0x32 ≈ 200 ms). */
	timeout: number;
	txHeader: { id: number; extended: boolean } | null;
	/** The 3 header bytes from a 6-digit ATSH, which K-line requests go out with; null = the protocol default. */
	kLineHeader: [number, number, number] | null;
	/** ATKW: check the key bytes a K-line ECU sends during the 5-baud init against the protocol. */
	keywordCheck: boolean;
	receiveAddress: IdFilter | null;
	canFilter: number | null;
	canMask: number | null;
	/** STFAP pass filters (STN only). */
	passFilters: IdFilter[];
	/** ATBRT: baud handshake window in 5 ms units (default 0x0F = 75 ms). */
	baudTimeout: number;
}

export function defaultSettings(linefeeds: boolean): ElmSettings {
	return {
		echo: true,
		linefeeds,
		spaces: true,
		headers: false,
		dlc: false,
		autoFormat: true,
		autoFlowControl: true,
		protocol: '0',
		auto: true,
		connected: null,
		timeout: 0x32,
		txHeader: null,
		kLineHeader: null,
		keywordCheck: true,
		receiveAddress: null,
		canFilter: null,
		canMask: null,
		passFilters: [],
		baudTimeout: 0x0f
	};
}

const FLAG_COMMANDS: Record<string, keyof ElmSettings> = {
	E: 'echo',
	L: 'linefeeds',
	S: 'spaces',
	H: 'headers',
	D: 'dlc',
	CAF: 'autoFormat',
	CFC: 'autoFlowControl'
};

function parseHexField(s: string): number | null {
	return /^[0-9A-F]+$/.test(s) ? parseInt(s, 16) : null;
}

/** Answer to an AT command that only touches settings; null when the command is not one of those. */
export function applySettingCommand(
	s: ElmSettings,
	cmd: string,
	describe: () => { protocol: string; number: string }
): string | null {
	const flag = /^(E|L|S|H|D|CAF|CFC)([01])$/.exec(cmd);
	if (flag) {
		(s as unknown as Record<string, boolean>)[FLAG_COMMANDS[flag[1]]] = flag[2] === '1';
		return 'OK';
	}
	if (/^AT[012]$/.test(cmd) || cmd === 'M0' || cmd === 'M1') return 'OK';
	if (cmd === 'PC') {
		// Protocol close: a K-line session ends, so the next request initialises the bus again.
		s.connected = null;
		return 'OK';
	}
	const kw = /^KW([01])$/.exec(cmd);
	if (kw) {
		s.keywordCheck = kw[1] === '1';
		return 'OK';
	}
	const sp = /^(SP|TP)(A?)([0-9A-C])$/.exec(cmd);
	if (sp) {
		s.protocol = sp[3];
		s.auto = sp[3] === '0' || sp[2] === 'A';
		s.connected = null;
		return 'OK';
	}
	if (cmd === 'DP') return describe().protocol;
	if (cmd === 'DPN') return describe().number;
	const st = /^ST([0-9A-F]{2})$/.exec(cmd);
	if (st) {
		const v = parseInt(st[1], 16);
		s.timeout = v === 0 ? 0x32 : v;
		return 'OK';
	}
	const brt = /^BRT([0-9A-F]{2})$/.exec(cmd);
	if (brt) {
		const v = parseInt(brt[1], 16);
		s.baudTimeout = v === 0 ? 0x100 : v;
		return 'OK';
	}
	if (cmd.startsWith('SH')) {
		const digits = cmd.slice(2);
		const v = parseHexField(digits);
		if (v === null || ![3, 6, 8].includes(digits.length)) return '?';
		s.txHeader =
			digits.length === 3 ? { id: v, extended: false } : { id: v & 0x1fffffff, extended: true };
		if (digits.length === 6) s.kLineHeader = [v >> 16, (v >> 8) & 0xff, v & 0xff];
		return 'OK';
	}
	if (cmd === 'CRA') {
		s.receiveAddress = null;
		return 'OK';
	}
	if (cmd.startsWith('CRA')) {
		const digits = cmd.slice(3);
		const v = parseHexField(digits);
		if (v === null || (digits.length !== 3 && digits.length !== 8)) return '?';
		s.receiveAddress = { id: v, mask: digits.length === 3 ? 0x7ff : 0x1fffffff };
		return 'OK';
	}
	const cfm = /^C([FM])([0-9A-F]{3}|[0-9A-F]{8})$/.exec(cmd);
	if (cfm) {
		const v = parseInt(cfm[2], 16);
		if (cfm[1] === 'F') s.canFilter = v;
		else s.canMask = v;
		return 'OK';
	}
	return null;
}

/** Whether a received id passes ATCRA, ATCF/ATCM, or else the ISO 15765-4 response range (§7.1). */
export function acceptsResponse(s: ElmSettings, id: number, extended: boolean): boolean {
	if (s.receiveAddress) return (id & s.receiveAddress.mask) === s.receiveAddress.id;
	if (s.canFilter !== null && s.canMask !== null)
		return (id & s.canMask) === (s.canFilter & s.canMask);
	return extended ? (id & 0x1fffff00) === 0x18daf100 : id >= 0x7e8 && id <= 0x7ef;
}

/** Monitor filters: ATCRA and ATCF/ATCM apply to ATMA as well (protocols.md §1.1 "BUFFER FULL" fixes). */
export function acceptsMonitored(s: ElmSettings, id: number, stnFilters: boolean): boolean {
	if (stnFilters && s.passFilters.length > 0) {
		return s.passFilters.some((f) => (id & f.mask) === (f.id & f.mask));
	}
	if (s.receiveAddress) return (id & s.receiveAddress.mask) === s.receiveAddress.id;
	if (s.canFilter !== null && s.canMask !== null)
		return (id & s.canMask) === (s.canFilter & s.canMask);
	return true;
}

export function describeProtocol(s: ElmSettings): { protocol: string; number: string } {
	const p = s.connected ?? (s.protocol === '0' ? null : s.protocol);
	if (!p) return { protocol: 'AUTO', number: '0' };
	const auto = s.auto && s.connected !== null;
	return {
		protocol: (auto ? 'AUTO, ' : '') + ELM_PROTOCOL_NAMES[p],
		number: (auto ? 'A' : '') + p
	};
}
