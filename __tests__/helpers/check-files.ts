import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Every file of a generated project, relative paths, the rendering record included. */
export function projectFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * Parse every YAML, JSON, Python, shell and TOML file of a project with a real parser for its language;
 * returns one line per file that does not parse.
 */
export function unparseableFiles(dir: string): string[] {
  const problems: string[] = [];
  for (const file of projectFiles(dir)) {
    const path = join(dir, file);
    try {
      if (/\.ya?ml$/.test(file)) {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          if ('errors' in doc && doc.errors.length > 0) throw doc.errors[0];
        }
      } else if (/\.json$/.test(file)) {
        JSON.parse(readFileSync(path, 'utf8'));
      } else if (/\.py$/.test(file)) {
        execFileSync(
          '/usr/bin/python3',
          ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', path],
          { stdio: 'pipe' },
        );
      } else if (/\.sh$/.test(file)) {
        execFileSync('bash', ['-n', path], { stdio: 'pipe' });
      } else if (/\.toml$/.test(file)) {
        execFileSync(
          '/usr/bin/python3',
          ['-c', 'import tomllib,sys; tomllib.load(open(sys.argv[1],"rb"))', path],
          { stdio: 'pipe' },
        );
      }
    } catch (error) {
      const message =
        error instanceof Error
          ? (error as { stderr?: Buffer }).stderr?.toString() || error.message
          : String(error);
      problems.push(`${file}: ${message.split('\n').slice(-3).join(' ')}`);
    }
  }
  return problems;
}
