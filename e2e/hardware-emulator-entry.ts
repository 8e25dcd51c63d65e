// Injected into the page by Playwright (e2e/fixtures.ts): a `navigator.usb` whose only device is the byte-exact
// candleLight/gs_usb emulator on the simulated car's bus. The app cannot tell it from a real adapter: it goes through
// requestDevice, the page→worker relay and the real gs_usb driver.
import { GsUsbEmulator } from '../src/lib/hardware/emulators/gs-usb-device';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';
import type { ScenarioName } from '../src/lib/hardware/emulators/vehicle/scenarios';

let device: GsUsbEmulator | undefined;
let vehicle: SimulatedVehicle | undefined;
const listeners = new Map<string, Set<(event: Event) => void>>();

function plugIn(): GsUsbEmulator {
	const clock = () => performance.now() * 1000;
	vehicle = new SimulatedVehicle({ scenario: 'demo', startUs: clock() });
	// The real firmware runs on its own MCU and the host's USB stack buffers completed transfers; this emulator shares
	// the page's main thread with rendering, so it gets a deeper queue to ride out frames of UI work.
	device = new GsUsbEmulator({ bus: vehicle, clock, queueCapacity: 4096 });
	return device;
}

const usb = {
	async requestDevice(_options: unknown) {
		return device ?? plugIn();
	},
	async getDevices() {
		return device ? [device] : [];
	},
	addEventListener(type: string, fn: (event: Event) => void) {
		if (!listeners.has(type)) listeners.set(type, new Set());
		listeners.get(type)!.add(fn);
	},
	removeEventListener(type: string, fn: (event: Event) => void) {
		listeners.get(type)?.delete(fn);
	},
	onconnect: null,
	ondisconnect: null
};

Object.defineProperty(navigator, 'usb', { value: usb, configurable: true });

(globalThis as Record<string, unknown>).__cartechUsb = {
	unplug() {
		const gone = device;
		device?.unplug();
		device = undefined;
		const event = Object.assign(new Event('disconnect'), { device: gone });
		listeners.get('disconnect')?.forEach((fn) => fn(event));
	},
	setScenario(name: ScenarioName) {
		vehicle?.setScenario(name);
	}
};
