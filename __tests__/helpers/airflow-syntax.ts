import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Debian's interpreter: it has PyYAML and tomllib (the pyenv python3 on PATH has no PyYAML). */
export const PYTHON = '/usr/bin/python3';

/** Every file of a generated project, relative, without the rendering record and .git. */
export function generatedFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('.git/'))
    .sort();
}

function failure(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString();
  return (stderr || (error instanceof Error ? error.message : String(error)))
    .trim()
    .split('\n')
    .slice(-4)
    .join(' | ');
}

const PY_CHECK = `
import json, os, py_compile, sys, tempfile, tomllib, yaml
problems = {}
out = tempfile.mkdtemp()
for index, (kind, path) in enumerate(json.loads(sys.stdin.read())):
    try:
        if kind == "python":
            py_compile.compile(path, cfile=os.path.join(out, f"{index}.pyc"), doraise=True)
        elif kind == "toml":
            with open(path, "rb") as f:
                tomllib.load(f)
        elif kind == "yaml":
            with open(path, encoding="utf-8") as f:
                list(yaml.safe_load_all(f))
    except Exception as error:
        problems[path] = f"{type(error).__name__}: {error}"
print(json.dumps(problems))
`;

/**
 * Parse every file with a real parser for its language: Python files compile (py_compile), YAML parses with
 * the yaml library and with PyYAML, JSON with JSON.parse, TOML with tomllib, shell scripts pass `bash -n`
 * and shellcheck (where installed; under CI a missing shellcheck is a problem); Python lines stay within the
 * project's ruff line-length. Returns one line per problem;
 * empty means all good.
 */
export function syntaxProblems(dir: string): string[] {
  const problems: string[] = [];
  const forPython: [string, string][] = [];
  for (const file of generatedFiles(dir)) {
    const path = join(dir, file);
    if (/\.py$/.test(file)) {
      forPython.push(['python', path]);
      // ruff's E501 (the project selects E) at the project's line-length, unless a line says noqa: E501.
      const limit = /^line-length = (\d+)$/m.exec(readFileSync(join(dir, 'pyproject.toml'), 'utf8'))?.[1];
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (limit && line.length > Number(limit) && !/# noqa: E501\b/.test(line))
            problems.push(`${file}:${index + 1}: E501 line too long (${line.length} > ${limit})`);
        });
    }
    if (/\.toml$/.test(file)) forPython.push(['toml', path]);
    if (/\.ya?ml$/.test(file)) {
      forPython.push(['yaml', path]);
      for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if ('errors' in document && document.errors.length > 0)
          problems.push(`${file}: ${document.errors[0]!.message}`);
      }
    }
    if (/\.json$/.test(file)) {
      try {
        JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        problems.push(`${file}: ${failure(error)}`);
      }
    }
    if (/\.sh$/.test(file)) {
      try {
        execFileSync('bash', ['-n', path], { stdio: 'pipe' });
      } catch (error) {
        problems.push(`${file}: bash -n: ${failure(error)}`);
      }
      if (hasShellcheck()) {
        const result = spawnSync('shellcheck', ['--severity=warning', path], { encoding: 'utf8' });
        if (result.status !== 0) problems.push(`${file}: shellcheck: ${result.stdout.trim()}`);
      } else if (process.env.CI) {
        problems.push(
          `${file}: shellcheck is not installed; CI installs it with bash scripts/services.sh up`,
        );
      }
    }
  }
  const out = execFileSync(PYTHON, ['-c', PY_CHECK], { input: JSON.stringify(forPython), encoding: 'utf8' });
  for (const [path, message] of Object.entries(JSON.parse(out) as Record<string, string>)) {
    problems.push(`${relative(dir, path)}: ${message}`);
  }
  return problems;
}

let shellcheck: boolean | undefined;
export function hasShellcheck(): boolean {
  shellcheck ??= spawnSync('sh', ['-c', 'command -v shellcheck'], { stdio: 'ignore' }).status === 0;
  return shellcheck;
}
