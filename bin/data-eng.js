#!/usr/bin/env node
// The data-eng command. It starts from the bundled CLI in dist/cli (docs/adr/0002-cli-start-up.md);
// a build without the bundle (plain tsc output) still runs, only slower to start.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { performance } from 'node:perf_hooks';

// Node ≥ 22.1 can keep compiled code on disk between runs; on Node 20 there is no such cache.
module.enableCompileCache?.();
const bundled = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(existsSync(bundled) ? bundled.href : '../dist/lib/cli/main.js');
performance.mark('data-eng:cli-loaded');
process.exitCode = await main(process.argv);
