/**
 * Data lengths of identifiers (DIDs, or DTC extended data record numbers). UDS responses concatenate
 * `id data id data …` without lengths, so a client must know them to split a response (udsoncan's
 * `data_identifiers` config plays the same role).
 */
export type IdLengths = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

export function lookupLength(lengths: IdLengths | undefined, id: number): number | undefined {
	if (lengths === undefined) return undefined;
	if (lengths instanceof Map) return lengths.get(id);
	return (lengths as Readonly<Record<number, number>>)[id];
}
