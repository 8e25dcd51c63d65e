/** Bad command-line input: main prints the message and the command's usage, and exits 2 (as getopt tools do). */
export class UsageError extends Error {
	override name = 'UsageError';
	constructor(
		message: string,
		readonly usage: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}
