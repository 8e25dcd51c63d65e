/**
 * Which constants play which part in the physics checks, by name. Names differ per firmware; SPEEDUINO_ROLES are
 * speeduino.ini 202103's (line numbers there). Another ECU family supplies its own map; a role whose constant the
 * tune lacks is skipped with an info finding, never guessed.
 */
export interface EngineRoles {
	/** Fuel per cylinder per cycle at VE 100 % and 100 kPa, ms. */
	reqFuel: string;
	/** Injector dead time added to every squirt, ms. */
	injectorOpenTime: string;
	/** Cylinder count (an option whose label is the number). */
	cylinders: string;
	/** Injector count. */
	injectors: string;
	/** Cylinders per squirt: squirts per cycle = cylinders ÷ divider. */
	divider: string;
	/** Injection layout; `sequentialLabel` is the option that fires each injector once per cycle. */
	injectorLayout: string;
	sequentialLabel: string;
	/** Two-stroke when its label is `twoStrokeLabel`. */
	strokes: string;
	twoStrokeLabel: string;
	/** The ECU's own pulse-width cap, % of the injection period. */
	dutyLimit: string;
	/** The fuel table (a TableSpec name) whose load axis is kPa when the load source is MAP. */
	veTable: string;
	/** The fuel table's load source option; `mapLoadLabels` are the options measured in kPa. */
	fuelLoadSource: string;
	/** VE multiplied by MAP/100 (or MAP/baro) unless this option is `multiplyMapOffLabel`. */
	multiplyMap: string;
	multiplyMapOffLabel: string;
	/** stoich ÷ target AFR multiplied in when this option is `yesLabel`. */
	incorporateAfr: string;
	stoich: string;
	afrTable: string;
	/**
	 * Spark tables (TableSpec names), the load source option each reads, and the option that switches it off (a
	 * second table only matters when its mode is on).
	 */
	sparkTables: {
		table: string;
		loadSource: string;
		mode?: { constant: string; offLabel: string };
	}[];
	mapLoadLabels: readonly string[];
	/** Hard and soft rev limits, rpm. */
	revLimit: string;
	softRevLimit: string;
	/** Cut method of the rev limiter and engine protection; `offLabel` means nothing is cut. */
	protectionCut: string;
	protectionOffLabel: string;
	yesLabel: string;
}

export const SPEEDUINO_ROLES: EngineRoles = {
	reqFuel: 'reqFuel', // line 276, ms
	injectorOpenTime: 'injOpen', // line 284, ms
	cylinders: 'nCylinders', // line 291
	injectors: 'nInjectors', // line 296
	divider: 'divider', // line 277
	injectorLayout: 'injLayout', // line 303: Paired, Semi-Sequential, INVALID, Sequential
	sequentialLabel: 'Sequential',
	strokes: 'twoStroke', // line 289
	twoStrokeLabel: 'Two-stroke',
	dutyLimit: 'dutyLim', // line 313, %
	veTable: 'veTable1Tbl',
	fuelLoadSource: 'algorithm', // line 292: $loadSourceNames = MAP, TPS, IMAP/EMAP
	multiplyMap: 'multiplyMAP', // line 253: Off, Baro, Fixed
	multiplyMapOffLabel: 'Off',
	incorporateAfr: 'incorporateAFR', // line 349
	stoich: 'stoich', // line 323
	afrTable: 'afrTable',
	sparkTables: [
		{ table: 'sparkTbl', loadSource: 'ignAlgorithm' }, // line 282
		{
			table: 'spark2Tbl',
			loadSource: 'ignAlgorithm',
			mode: { constant: 'spark2Mode', offLabel: 'Off' }
		} // line 1141
	],
	mapLoadLabels: ['MAP', 'IMAP/EMAP'],
	revLimit: 'HardRevLim', // line 479, rpm (stored ÷100)
	softRevLimit: 'SoftRevLim', // line 476
	protectionCut: 'engineProtectType', // line 566: Off, Spark Only, Fuel Only, Both
	protectionOffLabel: 'Off',
	yesLabel: 'Yes'
};
