#!/usr/bin/env node
// The data-eng command. It starts from the bundle in dist/ (docs/adr/0002-cli-start-up.md).
import module from 'node:module';
import { performance } from 'node:perf_hooks';

// Ctrl-C or a kill says so in one line and exits 130 (143 for SIGTERM), even while the command loads. A
// command that handles the signal itself (a scaffold's clean-up, a hook's abort) registers its own listener,
// and this one then leaves it to that.
const onSignal = (signal) => {
  if (process.listenerCount(signal) > 1) return;
  process.stderr.write(`data-eng: ${signal === 'SIGINT' ? 'cancelled' : `stopped by ${signal}`}.\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// Node ≥ 22.1 can keep compiled code on disk between runs; on Node 20 there is no such cache.
module.enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');
performance.mark('data-eng:cli-loaded');
const code = await main(process.argv);
// The command is done; a signal from here on meets Node's own handling.
process.removeListener('SIGINT', onSignal);
process.removeListener('SIGTERM', onSignal);
// A failed command ends now, even if a stopped plugin hook left a timer or socket open; a successful one
// ends when its last output is written.
if (code !== 0) process.exit(code);
process.exitCode = code;
