import { describe, expect, it } from 'vitest';
import { COMPONENT_NAMES } from '../lib/project/catalog.js';
import { GENERATOR_MODULES, GENERATOR_NAMES } from './run-generator.js';

describe('the generators the CLI runs', () => {
  it('are the catalog parts, app and plugin: the static imports the bundle needs follow the catalog', () => {
    expect(GENERATOR_NAMES).toEqual(['app', ...COMPONENT_NAMES]);
    expect(Object.keys(GENERATOR_MODULES).sort()).toEqual([...GENERATOR_NAMES, 'plugin'].sort());
  });
});
