import { FieldCursor } from './field-values';
import type { IniEntry } from './ini-lines';
import { conditions, labelOf, layoutFields, numberOf, wordOf, type Warn } from './layout-fields';
import type { Menu, MenuEntry, MenuGroup, MenuSeparator } from './ui-model';

/** The pseudo-dialog that draws a line in a menu (speeduino.ini [Menu] header comment). */
const SEPARATOR = 'std_separator';

/**
 * Reads [Menu]: `menuDialog = name` selects the window, `menu = "&Title"` opens a menu, `subMenu = target,
 * "label", page, {enable}, {visible}` adds an entry (`std_separator` a line), and `groupMenu = "label"` with its
 * `groupChildMenu` lines nests a submenu. A menu title repeated in the same menuDialog continues that menu.
 */
export function parseMenu(entries: IniEntry[], warn: Warn): Menu[] {
	const menus: Menu[] = [];
	let menuDialog = 'main';
	let menu: Menu | null = null;
	let group: MenuGroup | null = null;
	for (const entry of entries) {
		const fields = layoutFields(entry, warn);
		const cursor: FieldCursor = new FieldCursor(fields, entry.key, entry.line);
		switch (entry.key) {
			case 'menuDialog':
				menuDialog = wordOf(fields[0]) ?? cursor.fail('expected a dialog name');
				menu = null;
				group = null;
				break;
			case 'menu': {
				const raw = labelOf(fields[0]) ?? cursor.fail('expected a "title"');
				const amp = raw.indexOf('&');
				const title = raw.replace('&', '');
				const mnemonic = amp >= 0 ? raw[amp + 1] : undefined;
				group = null;
				menu = menus.find((m) => m.title === title && m.menuDialog === menuDialog) ?? null;
				if (!menu) {
					menu = { title, menuDialog, items: [], ...(mnemonic ? { mnemonic } : {}) };
					menus.push(menu);
				}
				break;
			}
			case 'subMenu':
			case 'groupChildMenu': {
				if (!menu) {
					warn(`${entry.key} before any menu; skipped`, entry.line);
					break;
				}
				const item = menuEntry(fields, cursor);
				if (entry.key === 'groupChildMenu') {
					if (!group) {
						warn('groupChildMenu outside a groupMenu; added to the menu', entry.line);
						menu.items.push(item);
					} else group.items.push(item);
				} else {
					group = null;
					menu.items.push(item);
				}
				break;
			}
			case 'groupMenu': {
				if (!menu) {
					warn('groupMenu before any menu; skipped', entry.line);
					break;
				}
				const label = labelOf(fields[0]) ?? cursor.fail('expected a "label"');
				group = { kind: 'group', label, items: [], ...conditions(fields.slice(1)) };
				menu.items.push(group);
				break;
			}
			default:
				warn(`[Menu] ${entry.key}: not a key this reader knows; skipped`, entry.line);
		}
	}
	return menus;
}

function menuEntry(
	fields: ReturnType<typeof layoutFields>,
	cursor: FieldCursor
): MenuEntry | MenuSeparator {
	const target = wordOf(fields[0]) ?? cursor.fail('expected a dialog, table or curve name');
	if (target === SEPARATOR) return { kind: 'separator' };
	const label = labelOf(fields[1]) ?? target;
	const page = numberOf(fields[2]);
	return {
		kind: 'entry',
		target,
		label,
		...(page === undefined ? {} : { page }),
		...conditions(fields.slice(2))
	};
}
