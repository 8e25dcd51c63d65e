#!/usr/bin/env node
// The `cartech` package bin. It runs the TypeScript entry through tsx's ESM loader, registered in this process
// (Node ≥ 20.6 module.register), so a fresh clone works after `npm install` with no build step and Ctrl-C
// reaches the command directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
