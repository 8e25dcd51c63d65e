// Injected into the page by Playwright (e2e/fixtures.ts): a `navigator.usb` and a `navigator.serial` whose devices
// are byte-exact adapter emulators on the simulated car's bus. The app cannot tell them from real adapters: it goes
// through requestDevice/requestPort, the page→worker relay and the real drivers. The chooser "picks" the emulator
// of the family whose filters the app passed, as Chrome's chooser lists only matching devices.
import { SERIAL_FILTERS } from '../src/lib/hardware/transport/web-serial';
import { USB_FILTERS } from '../src/lib/hardware/transport/web-usb';
import { GsUsbEmulator } from '../src/lib/hardware/emulators/gs-usb-device';
import { PandaEmulator } from '../src/lib/hardware/emulators/panda-device';
import { OpenPort2Emulator } from '../src/lib/hardware/emulators/openport2-device';
import { SlcanEmulator } from '../src/lib/hardware/emulators/slcan-device';
import { Elm327Emulator } from '../src/lib/hardware/emulators/elm327-device';
import { SpeeduinoEmulator } from '../src/lib/hardware/emulators/speeduino-device';
import { SimulatedVehicle } from '../src/lib/hardware/emulators/vehicle/simulated-vehicle';
import { ObdResponder } from '../src/lib/hardware/emulators/vehicle/obd-responder';
import { ProtectionReceiver } from '../src/lib/hardware/emulators/vehicle/protection-receiver';
import type { ScenarioName } from '../src/lib/hardware/emulators/vehicle/scenarios';
import type { UsbDeviceLike } from '../src/lib/hardware/transport/usb';
import type { SerialPortLike } from '../src/lib/hardware/transport/serial';
import { parseIni } from '../src/lib/tune/ini';

type Unpluggable = { unplug(): void };
type Filter = Record<string, number | undefined>;

let vehicle: SimulatedVehicle | undefined;
let protection: ProtectionReceiver | undefined;
let usbDevice: (UsbDeviceLike & Unpluggable) | undefined;
let serialPort: (SerialPortLike & Unpluggable) | undefined;
let iniText: string | undefined;
const usbListeners = new Map<string, Set<(event: Event) => void>>();
const clock = () => performance.now() * 1000;

function car(): SimulatedVehicle {
	if (!vehicle) {
		vehicle = new SimulatedVehicle({ scenario: 'demo', startUs: clock() });
		protection = new ProtectionReceiver();
		vehicle.responders.push(protection, new ObdResponder());
	}
	return vehicle;
}

const sameFilter = (a: Filter | undefined, b: Filter) =>
	!!a && Object.keys(b).every((k) => a[k] === b[k]);

function familyOf<T extends Record<string, readonly Filter[]>>(
	table: T,
	options: unknown
): keyof T | undefined {
	const first = (options as { filters?: Filter[] } | undefined)?.filters?.[0];
	return (Object.keys(table) as (keyof T)[]).find((f) => sameFilter(first, table[f][0]));
}

function plugInUsb(family: keyof typeof USB_FILTERS): UsbDeviceLike & Unpluggable {
	// The real firmware runs on its own MCU and the host's USB stack buffers completed transfers; these emulators share
	// the page's main thread with rendering, so they get deeper queues to ride out frames of UI work.
	if (family === 'panda') return new PandaEmulator({ bus: car(), clock });
	if (family === 'openport') return new OpenPort2Emulator({ bus: car(), clock });
	return new GsUsbEmulator({ bus: car(), clock, queueCapacity: 4096 });
}

function plugInSerial(family: keyof typeof SERIAL_FILTERS): SerialPortLike & Unpluggable {
	if (family === 'elm327')
		return new Elm327Emulator({ bus: car(), clock, baudRate: 38_400, resetMs: 50 });
	if (family === 'tunerstudio') {
		if (!iniText)
			throw new Error('e2e: call __cartechSerial.setIni(text) before connecting a TunerStudio ECU');
		return new SpeeduinoEmulator({ definition: parseIni(iniText), vehicle: car(), clock });
	}
	return new SlcanEmulator({ bus: car(), dialect: 'lawicel', clock });
}

const usb = {
	async requestDevice(options: unknown) {
		usbDevice ??= plugInUsb(familyOf(USB_FILTERS, options) ?? 'gs_usb');
		return usbDevice;
	},
	async getDevices() {
		return usbDevice ? [usbDevice] : [];
	},
	addEventListener(type: string, fn: (event: Event) => void) {
		if (!usbListeners.has(type)) usbListeners.set(type, new Set());
		usbListeners.get(type)!.add(fn);
	},
	removeEventListener(type: string, fn: (event: Event) => void) {
		usbListeners.get(type)?.delete(fn);
	},
	onconnect: null,
	ondisconnect: null
};

const serial = {
	async requestPort(options?: unknown) {
		serialPort ??= plugInSerial(familyOf(SERIAL_FILTERS, options) ?? 'slcan');
		return serialPort;
	},
	async getPorts() {
		return serialPort ? [serialPort] : [];
	},
	addEventListener() {},
	removeEventListener() {}
};

Object.defineProperty(navigator, 'usb', { value: usb, configurable: true });
Object.defineProperty(navigator, 'serial', { value: serial, configurable: true });

(globalThis as Record<string, unknown>).__cartechUsb = {
	unplug() {
		const gone = usbDevice;
		gone?.unplug();
		usbDevice = undefined;
		const event = Object.assign(new Event('disconnect'), { device: gone });
		usbListeners.get('disconnect')?.forEach((fn) => fn(event));
	},
	setScenario(name: ScenarioName) {
		vehicle?.setScenario(name);
	},
	/** Protective commands that reached the simulated car's ECU over the bus. */
	protectiveRequests() {
		return protection ? protection.received.map((r) => r.command) : [];
	}
};

(globalThis as Record<string, unknown>).__cartechSerial = {
	unplug() {
		serialPort?.unplug();
		serialPort = undefined;
	},
	setIni(text: string) {
		iniText = text;
	}
};
