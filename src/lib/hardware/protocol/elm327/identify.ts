/** What ATI / STI say about the device (protocols.md §1.2, §1.3). */
export interface Elm327Identity {
	/** 'stn' when STI answered with an STN part number; STN parts also answer ATI as "ELM327 v1.4b"/"v1.3a". */
	family: 'elm327' | 'stn';
	/** The ATI string, e.g. "ELM327 v1.5". */
	elmId: string;
	/** ELM version as [major, minor], e.g. [1, 5]; null for an unparsable clone string. */
	elmVersion: [number, number] | null;
	/** The STI string, e.g. "STN1110 v5.0.0", when the device is an STN. */
	stnId: string | null;
}

export function parseElmVersion(id: string): [number, number] | null {
	const m = /ELM32[79]\s+v(\d+)\.(\d+)/i.exec(id);
	return m ? [Number(m[1]), Number(m[2])] : null;
}

/** True for STI answers such as "STN1110 v5.0.0" or "STN2120 v5.6.5"; a plain ELM answers STI with "?". */
export function isStnId(line: string): boolean {
	return /^STN\d{4}\b/.test(line);
}

export function versionAtLeast(
	version: [number, number] | null,
	major: number,
	minor: number
): boolean {
	if (!version) return false;
	return version[0] > major || (version[0] === major && version[1] >= minor);
}
