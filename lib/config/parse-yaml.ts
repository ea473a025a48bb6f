import { parse } from 'yaml';

/** Parse YAML text; a module of its own so that only the commands reading YAML answers load `yaml`. */
export function parseYaml(text: string): unknown {
  return parse(text) as unknown;
}
