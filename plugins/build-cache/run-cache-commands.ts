import type { HookContext } from '../../lib/plugins/public-api.js';
import { formatCache, listCache, parseAge } from './cache-images.js';
import { formatPrune, pruneCache } from './prune-cache.js';

/** `data-eng cache ls`: every cached image of the engine with its key, size, age and projects. */
export async function runList(ctx: HookContext): Promise<void> {
  const entries = await listCache(await ctx.docker());
  ctx.report('images', entries);
  ctx.report('text', formatCache(entries));
}

/** `data-eng cache prune --older-than 7d [--dry-run]`. */
export async function runPrune(ctx: HookContext): Promise<void> {
  const olderThan = parseAge(String(ctx.options.olderThan ?? '7d'));
  const result = await pruneCache(await ctx.docker(), olderThan, ctx.options.dryRun === true);
  ctx.report('prune', result);
  ctx.report('text', formatPrune(result));
}
