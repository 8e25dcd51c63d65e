import type { SafetyVerdict } from './verdict';

/** What the integrator does for each action kind a verdict carries. Absent handlers are skipped. */
export interface SafetyActionHandlers {
	/** Stop any ECU write or flash in progress. */
	stopWrite?(verdict: SafetyVerdict): void;
	/** Send the profile command with this id through the adapter (limp mode, boost cut, …). */
	protectiveCommand?(command: string, verdict: SafetyVerdict): void;
	/** Stop all transmit and alert. */
	emergencyShutdown?(verdict: SafetyVerdict): void;
	/** Put a marker in the log being recorded. */
	markLog?(verdict: SafetyVerdict): void;
	/** Visual and audible alarm. */
	alarm?(verdict: SafetyVerdict): void;
}

/** Most protective first: a write is aborted before anything else goes out, and the protective command is on
 * the bus before an emergency shutdown stops all transmit; the alarm and the log mark only inform. */
const ORDER = {
	'stop-write': 0,
	'protective-command': 1,
	'emergency-shutdown': 2,
	'mark-log': 3,
	alarm: 4
} as const;

/**
 * Carries out a verdict's actions through the handlers, in protective order. A handler that throws does not stop
 * the ones after it (an alarm must still sound when the write abort failed); the errors are returned, empty when
 * all went well, for the caller to report.
 */
export function runSafetyActions(
	verdict: SafetyVerdict,
	handlers: SafetyActionHandlers
): unknown[] {
	const errors: unknown[] = [];
	const actions = [...verdict.actions].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
	for (const action of actions) {
		try {
			switch (action.kind) {
				case 'stop-write':
					handlers.stopWrite?.(verdict);
					break;
				case 'protective-command':
					handlers.protectiveCommand?.(action.command, verdict);
					break;
				case 'emergency-shutdown':
					handlers.emergencyShutdown?.(verdict);
					break;
				case 'mark-log':
					handlers.markLog?.(verdict);
					break;
				case 'alarm':
					handlers.alarm?.(verdict);
					break;
			}
		} catch (error) {
			errors.push(error);
		}
	}
	return errors;
}
