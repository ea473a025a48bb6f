/**
 * STOP! This is the public API of generator-data-eng's testing helpers (`generator-data-eng/testing`),
 * for plugin authors' tests. Everything exported here is a promise kept for the whole of a plugin
 * apiVersion. The helpers run the package's own model, renderers, answer validation and hook runner, so a
 * plugin that passes here behaves the same under `data-eng plugins add`. Try hard not to add to it.
 */
import './catalog.js';
export { renderPlugin } from '../lib/testing/render-plugin.js';
export type {
  RenderPluginOptions,
  RenderedPlugin,
  PluginContributions,
} from '../lib/testing/render-plugin.js';
export { runHook } from '../lib/testing/run-hook.js';
export type { RunHookOptions, HookRunRecord, LogEntry, StepRecord } from '../lib/testing/run-hook.js';
export { expectValidPlugin, InvalidPluginError } from '../lib/testing/expect-valid-plugin.js';
export type { ExpectValidPluginOptions } from '../lib/testing/expect-valid-plugin.js';
export { HookError } from '../lib/plugins/run-hooks.js';
export { parseEnv } from '../lib/testing/parse-env.js';
export type { ComposeFile, ComposeService, DevcontainerFile } from '../lib/testing/compose-types.js';
