// Bundles e2e/usb-emulator-entry.ts into one classic script for page.addInitScript.
import { build } from 'vite';

await build({
	configFile: false,
	logLevel: 'warn',
	build: {
		lib: {
			entry: 'e2e/usb-emulator-entry.ts',
			formats: ['iife'],
			name: 'CartechUsbEmulator',
			fileName: () => 'usb-emulator.js'
		},
		outDir: 'e2e/.generated',
		emptyOutDir: true,
		minify: false
	}
});
