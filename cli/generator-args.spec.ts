import { describe, expect, it } from 'vitest';
import { COMMON_FLAGS } from '../lib/generator/common-options.js';
import { checkContradictions, checkGeneratorArgs } from './generator-args.js';

const SPECS = [
  { flag: 'postgres-port', type: 'number' },
  { flag: 'postgres-version', type: 'string' },
  { flag: 'devcontainer-docker-in-docker', type: 'boolean' },
] as const;
const check = (args: string[]) => () => checkGeneratorArgs('data-eng new', SPECS, COMMON_FLAGS, args);

describe('checkGeneratorArgs: the question flags of new and add', () => {
  it('takes known flags, with values given apart or with =, and negated booleans', () => {
    expect(
      check(['--postgres-port', '5433', '--postgres-version=16', '--no-devcontainer-docker-in-docker']),
    ).not.toThrow();
  });

  it('refuses an unknown flag, suggesting the near one', () => {
    expect(check(['--postgres-prot', '5433'])).toThrow(
      'Unknown option --postgres-prot for data-eng new; did you mean --postgres-port?',
    );
    expect(check(['--dry-rn'])).toThrow('did you mean --dry-run?');
    expect(check(['--bogus'])).toThrow(/^Unknown option --bogus for data-eng new; data-eng new --help lists/);
    expect(check(['-x'])).toThrow('Unknown option --x');
    expect(check(['--no-postgres-port'])).toThrow('Unknown option --no-postgres-port');
  });

  it('finds the folder wherever it stands, and takes true or false after a boolean flag', () => {
    const parse = (args: string[]) => checkGeneratorArgs('data-eng new', SPECS, COMMON_FLAGS, args);
    expect(parse(['--postgres-port', '5433'])).toEqual({
      positionals: [],
      flags: ['--postgres-port', '5433'],
    });
    expect(parse(['--postgres-port=5433', '--defaults', 'shop'])).toEqual({
      positionals: ['shop'],
      flags: ['--postgres-port=5433', '--defaults'],
    });
    expect(parse(['shop', '--devcontainer-docker-in-docker', 'false'])).toEqual({
      positionals: ['shop'],
      flags: ['--devcontainer-docker-in-docker', 'false'],
    });
  });

  it('refuses a second folder and a value flag without its value', () => {
    expect(check(['a', 'b'])).toThrow('Unexpected argument "b" for data-eng new; it takes at most one name');
    expect(check(['--postgres-port'])).toThrow('Option --postgres-port needs a value');
    expect(check(['--postgres-port', '--postgres-version', '16'])).toThrow(
      'Option --postgres-port needs a value',
    );
  });

  it('every refusal exits 2', () => {
    try {
      check(['--bogus'])();
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
    expect.assertions(1);
  });
});

describe('checkContradictions', () => {
  it('refuses flags that cannot both hold, and lets the rest pass', () => {
    expect(() => checkContradictions({}, ['new', '--interactive', '--no-interactive'])).toThrow(
      'Contradicting options: --interactive and --no-interactive',
    );
    expect(() => checkContradictions({ dryRun: true, up: true }, [])).toThrow('--dry-run and --up');
    expect(() => checkContradictions({ dryRun: true, build: true }, [])).toThrow('--dry-run and --build');
    expect(() => checkContradictions({ skipInstall: true, build: true }, [])).toThrow(
      '--skip-install and --build',
    );
    expect(() => checkContradictions({ skipInstall: true, up: true }, [])).toThrow('--skip-install and --up');
    expect(() => checkContradictions({ dryRun: true, skipInstall: true }, ['--interactive'])).not.toThrow();
  });
});
