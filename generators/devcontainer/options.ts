import type { OptionSpec } from '../../lib/plugins/option-spec.js';

export const DEVCONTAINER_EXTENSIONS = [
  'ms-python.python',
  'charliermarsh.ruff',
  'redhat.vscode-yaml',
  'ms-azuretools.vscode-docker',
] as const;

export const DEVCONTAINER_OPTIONS = [
  {
    name: 'extraExtensions',
    flag: 'vscode-extensions',
    type: 'string[]',
    description: 'VS Code extensions to add to the standard set (Python, Ruff, YAML, Docker)',
    default: [],
    pattern: /^[\w-]+\.[\w-]+$/,
    validate: (value) =>
      (value as string[]).find((id) => !/^[\w-]+\.[\w.-]+$/.test(id))
        ? 'extension ids look like publisher.name, e.g. ms-toolsai.jupyter'
        : undefined,
  },
] as const satisfies readonly OptionSpec[];

/** The parts this one needs (it builds the airflow image): its component's `requires`, and the check of `--components`. */
export const DEVCONTAINER_REQUIRES: readonly string[] = ['airflow'];
