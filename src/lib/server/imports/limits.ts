/**
 * Caps on one log import. The parsers stream, so memory does not grow with the file: the cap bounds how long one
 * request may keep a connection and a database busy. The import route is exempt from the 9 MB per-route body cap
 * (src/lib/server/body-limit.ts) and enforces this one while it reads.
 */
export const IMPORT_LIMITS = {
	/** Whole file. */
	maxBytes: 1024 * 1024 * 1024,
	/**
	 * Chunks being stored at once. More than one lets concurrent chunks share a transaction (group commit,
	 * timeseries/group-commit.ts); a bound keeps the parser from running ahead of the database.
	 */
	chunksInFlight: 4
} as const;
