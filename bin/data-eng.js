#!/usr/bin/env node
// The data-eng command. It starts from the bundle in dist/ (docs/adr/0002-cli-start-up.md).
import module from 'node:module';
import { performance } from 'node:perf_hooks';

// Node ≥ 22.1 can keep compiled code on disk between runs; on Node 20 there is no such cache.
module.enableCompileCache?.();
const { main } = await import('../dist/lib/cli/main.js');
performance.mark('data-eng:cli-loaded');
process.exitCode = await main(process.argv);
