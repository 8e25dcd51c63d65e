import type { Expression, NumericValue } from './model';

/**
 * What a definition says about laying out a tune for a person: table and curve editors, menus, settings dialogs and
 * context help (the .ini's [TableEditor], [CurveEditor], [Menu], [UserDefined] and [SettingContextHelp]). Plain data
 * like the rest of EcuDefinition; every `{ condition }` is kept as an Expression and compiled with
 * compileConditions (conditions.ts).
 */

/** An axis or value reference: the constant holding the bins and the live channel that indexes them. */
export interface BinsRef {
	constant: string;
	/** Output channel for the live operating point (`xBins = rpmBins, rpm`); absent when the .ini gives none. */
	channel?: string;
}

/** `table = name, map3dName, "title", page` with its xBins/yBins/zBins and display hints. */
export interface TableEditor {
	name: string;
	/** The 3D view's name, which [Menu] entries may name instead of the table (`subMenu = veTable1Map, …`). */
	map3d: string;
	title: string;
	/** The page the .ini names (1-based, as [Constants] numbers pages); undefined when omitted. */
	page?: number;
	xBins: BinsRef;
	yBins: BinsRef;
	zBins: string;
	/** Axis captions, x then y. */
	xyLabels?: [string, string];
	/** Height of the 3D grid relative to its width. */
	gridHeight?: number;
	/** 3D view rotation in degrees: x, y, z. */
	gridOrient?: [number, number, number];
	/** What raising and lowering a value means (`"(RICHER)", "(LEANER)"`). */
	upDownLabel?: [string, string];
	topicHelp?: string;
}

/** A curve axis range: `xAxis = min, max, divisions`; any of them may be an expression (`{ fuelLoadMax }`). */
export interface AxisRange {
	min: NumericValue;
	max: NumericValue;
	divisions: NumericValue;
}

/** `curve = name, "title"`: a 2D curve of one or more yBins over shared xBins. */
export interface CurveEditor {
	name: string;
	title: string;
	/** `columnLabel` captions: x then y (a curve with several lines repeats the pair per line). */
	columnLabels: string[];
	xAxis?: AxisRange;
	yAxis?: AxisRange;
	xBins: BinsRef;
	/** One entry per line drawn; most curves have one. */
	yBins: BinsRef[];
	/** Names of the lines, matching yBins. */
	lineLabels: string[];
	/** Preferred editor size in pixels, width then height. */
	size?: [number, number];
	/** A gauge from [GaugeConfigurations] shown beside the curve. */
	gauge?: string;
	topicHelp?: string;
}

/** A menu entry opens a dialog, table, curve or 3D map by name. */
export interface MenuEntry {
	kind: 'entry';
	target: string;
	label: string;
	/** The page number some entries carry (`subMenu = egoControl, "AFR/O2", 3`). */
	page?: number;
	enable?: Expression;
	visible?: Expression;
}

export interface MenuSeparator {
	kind: 'separator';
}

/** `groupMenu = "title"` and its `groupChildMenu` entries: a submenu inside a menu. */
export interface MenuGroup {
	kind: 'group';
	label: string;
	items: (MenuEntry | MenuSeparator)[];
	enable?: Expression;
	visible?: Expression;
}

export type MenuItem = MenuEntry | MenuSeparator | MenuGroup;

export interface Menu {
	/** The title without its `&` mnemonic marker. */
	title: string;
	/** The letter after `&`, for a keyboard shortcut. */
	mnemonic?: string;
	/** The `menuDialog` the menu belongs to (`main` for the main window). */
	menuDialog: string;
	items: MenuItem[];
}

/**
 * How a label is drawn: TunerStudio reads a leading `#` as a section heading and `!` as a warning (speeduino.ini
 * `field = "#Detection"`, `field = "!Warning: …"`).
 */
export type LabelStyle = 'plain' | 'heading' | 'warning';

interface Conditional {
	/** Enabled (editable) when true; always enabled when absent. */
	enable?: Expression;
	/** Shown when true; always shown when absent. */
	visible?: Expression;
}

/**
 * `field = "label", constant, {enable}, {visible}`; without a constant it is a label line. `constant[i]` edits one
 * element of an array constant (speeduino.ini `canoutput_param_group[0]`).
 */
export interface DialogField extends Conditional {
	kind: 'field';
	label: string;
	style: LabelStyle;
	constant?: string;
	index?: number;
}

/** Like a field but never editable: shows a constant's value (or just its label). */
export interface DisplayOnlyField extends Conditional {
	kind: 'displayOnlyField';
	label: string;
	style: LabelStyle;
	constant?: string;
	index?: number;
}

/** `panel = name, placement, {enable}, {visible}`: another dialog, table or curve embedded here. */
export interface DialogPanel extends Conditional {
	kind: 'panel';
	name: string;
	/** `North`, `South`, `East`, `West` or `Center` in a border layout. */
	placement?: string;
}

/** `commandButton = "label", command, {enable}, flags`: sends a [ControllerCommands] entry. */
export interface CommandButton extends Conditional {
	kind: 'commandButton';
	label: string;
	command: string;
	/** e.g. `clickOnCloseIfEnabled`, `showMessageOnClick`. */
	flags: string[];
}

/** `slider = "label", constant, horizontal|vertical, {enable}`. */
export interface DialogSlider extends Conditional {
	kind: 'slider';
	label: string;
	constant: string;
	orientation: 'horizontal' | 'vertical';
}

/** One choice of a settingSelector: assigns fixed values to constants (`mapMin=10, mapMax=260`). */
export interface SettingOption {
	label: string;
	values: Record<string, number>;
}

/** `settingSelector = "label", {enable}` followed by its `settingOption`s: presets for a group of constants. */
export interface SettingSelector extends Conditional {
	kind: 'settingSelector';
	label: string;
	options: SettingOption[];
}

/** A gauge from [GaugeConfigurations] shown in a dialog. */
export interface DialogGauge extends Conditional {
	kind: 'gauge';
	name: string;
}

/** `indicator = {condition}, "off label", "on label", colours…` in an indicatorPanel. */
export interface DialogIndicator {
	kind: 'indicator';
	condition: Expression;
	off: string;
	on: string;
}

/**
 * A line kept for completeness that this reader does not model (liveGraph, indicator, text, …): a layout can skip
 * it or show `raw`.
 */
export interface DialogOther {
	kind: 'other';
	key: string;
	raw: string;
}

export type DialogItem =
	| DialogField
	| DisplayOnlyField
	| DialogPanel
	| CommandButton
	| DialogSlider
	| SettingSelector
	| DialogGauge
	| DialogIndicator
	| DialogOther;

/**
 * `dialog = name, "title", layout` and its items, in file order. An `indicatorPanel = name, columns, {visible}`
 * (a grid of on/off indicators) and a `help = name, "title"` page (text and a web link) are containers of the same
 * shape that panels and menus name like dialogs.
 */
export interface Dialog {
	kind: 'dialog' | 'indicatorPanel' | 'help';
	name: string;
	title: string;
	/** `xAxis` (left to right), `yAxis` (top to bottom), `border` or `indexCard`; yAxis when absent. */
	layout?: string;
	topicHelp?: string;
	/** An indicatorPanel's `{visible}`. */
	visible?: Expression;
	items: DialogItem[];
}

/** One `filter = …` of [VeAnalyze]: a std_ name, or a custom channel comparison. */
export interface VeAnalyzeFilter {
	name: string;
	label?: string;
	channel?: string;
	operator?: string;
	value?: number;
	/** Whether the user may switch the filter off. */
	userAdjustable?: boolean;
}

/** [VeAnalyze]: which table autotune corrects, against which target table and lambda channel. */
export interface VeAnalyze {
	table: string;
	targetTable: string;
	lambdaChannel: string;
	egoCorrectionChannel?: string;
	activeCondition?: Expression;
	filters: VeAnalyzeFilter[];
}
