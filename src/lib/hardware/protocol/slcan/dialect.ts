/**
 * SLCAN firmwares disagree on more than cosmetics (protocols.md §2), so every encoder and the driver take the
 * dialect explicitly:
 * - 'lawicel': Lawicel CAN232/CANUSB and the Linux slcan ldisc. `L` opens listen-only, `Z1` adds timestamps,
 *   `F`/`V`/`N` report status/version/serial, `M`/`m` are SJA1000 acceptance code/mask, TX is acked `z`/`Z`.
 * - 'canable': normaldotcom/canable-fw@4c6e4ac src/slcan.c. No `L`, `Z`, `F` or `N` (they answer BEL);
 *   `M1`/`M0` is silent/normal mode, `A0`/`A1` auto-retransmit, TX is acked with a bare CR.
 */
export type SlcanDialect = 'lawicel' | 'canable';

export const SLCAN_DIALECTS: readonly SlcanDialect[] = ['lawicel', 'canable'];

/**
 * `Sn` bit rates by n. They differ only at S7: 800 kbit/s for Lawicel and Linux, 750 kbit/s in
 * canable-fw (slcan.c `case 7: CAN_BITRATE_750K`). S9 = 83.3k is a python-can/Seeed extension neither
 * firmware accepts, so it is left out.
 */
export const SLCAN_BITRATES = {
	lawicel: [10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000, 1_000_000],
	canable: [10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 750_000, 1_000_000]
} as const satisfies Record<SlcanDialect, readonly number[]>;

/** The `Sn` index for `bitrate`, or -1 when the dialect has no standard setting for it. */
export function bitrateIndex(dialect: SlcanDialect, bitrate: number): number {
	return (SLCAN_BITRATES[dialect] as readonly number[]).indexOf(bitrate);
}

export function isSlcanDialect(value: unknown): value is SlcanDialect {
	return value === 'lawicel' || value === 'canable';
}
