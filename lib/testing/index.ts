/**
 * STOP! This is the public API of generator-data-eng's testing helpers (`generator-data-eng/testing`),
 * for plugin authors' tests. Everything exported here is a promise kept for the whole of a plugin
 * apiVersion. The helpers run the package's own model, renderers, answer validation and hook runner, so a
 * plugin that passes here behaves the same under `data-eng plugins add`. Try hard not to add to it.
 */
export { renderPlugin } from './render-plugin.js';
export type { RenderPluginOptions, RenderedPlugin, PluginContributions } from './render-plugin.js';
export { runHook } from './run-hook.js';
export type { RunHookOptions, HookRunRecord, LogEntry, StepRecord } from './run-hook.js';
export { expectValidPlugin, InvalidPluginError } from './expect-valid-plugin.js';
export type { ExpectValidPluginOptions } from './expect-valid-plugin.js';
export { HookError } from '../plugins/run-hooks.js';
export { parseEnv } from './parse-env.js';
export type { ComposeFile, ComposeService, DevcontainerFile } from './compose-types.js';
