// Bundles e2e/hardware-emulator-entry.ts into one classic script for page.addInitScript.
import { build } from 'vite';

await build({
	configFile: false,
	logLevel: 'warn',
	build: {
		lib: {
			entry: 'e2e/hardware-emulator-entry.ts',
			formats: ['iife'],
			name: 'CartechHardwareEmulator',
			fileName: () => 'hardware-emulator.js'
		},
		outDir: 'e2e/.generated',
		emptyOutDir: true,
		minify: false
	}
});
