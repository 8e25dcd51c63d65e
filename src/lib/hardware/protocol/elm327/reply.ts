import { normalizeCommand } from './command';
import { classifyStatusLine, type ElmStatus } from './status';

/** Prompt the ELM prints when it is ready for the next command (protocols.md §1.1). */
export const PROMPT = 0x3e;

/**
 * The lines of one reply, as read up to the prompt: CR or CR LF endings (ATL0/1) and blank lines dropped,
 * and the echo of `command` removed. The echo check runs even after ATE0, because the ATE0 reply itself
 * still carries its echo (python-OBD reads `ATE0\rOK`).
 */
export function replyLines(text: string, command: string): string[] {
	const body = text.endsWith('>') ? text.slice(0, -1) : text;
	const lines = body
		.split(/[\r\n]+/)
		.map((l) => l.trim())
		.filter((l) => l.length > 0);
	if (lines.length > 0 && normalizeCommand(lines[0]) === normalizeCommand(command)) lines.shift();
	return lines;
}

export interface ClassifiedReply {
	/** Lines that carry data (or a value such as `12.6V`). */
	data: string[];
	/** The first non-informational status line, e.g. 'no-data'; null when there was none. */
	status: ElmStatus | null;
	statusLine: string | null;
}

export function classifyReply(lines: string[]): ClassifiedReply {
	const data: string[] = [];
	let status: ElmStatus | null = null;
	let statusLine: string | null = null;
	for (const line of lines) {
		const s = classifyStatusLine(line);
		if (s === null) data.push(line);
		else if (s !== 'informational' && status === null) {
			status = s;
			statusLine = line;
		}
	}
	return { data, status, statusLine };
}
