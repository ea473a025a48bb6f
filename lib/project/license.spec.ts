import { describe, expect, it } from 'vitest';
import { LICENSES, renderLicense } from './license.js';

describe('renderLicense', () => {
  it('fills in the year and holder of every licence, leaving no placeholder', () => {
    for (const license of LICENSES.filter((l) => l !== 'none')) {
      const text = renderLicense(license, 'Example Corp', 2031)!;
      expect(text, license).toContain('2031');
      expect(text, license).toContain('Example Corp');
      expect(text, license).not.toMatch(/<year>|<copyright holders>|\[yyyy\]|\[name of copyright owner\]/);
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), license).toBe(true);
    }
  });

  it('writes the licences people recognise', () => {
    expect(renderLicense('MIT', 'Example Corp', 2031)).toMatch(
      /^MIT License\n\nCopyright \(c\) 2031 Example Corp\n/,
    );
    const apache = renderLicense('Apache-2.0', 'Example Corp', 2031)!;
    expect(apache).toMatch(/^Apache License\nVersion 2\.0, January 2004\n/);
    expect(apache).toContain('Copyright 2031 Example Corp');
    expect(renderLicense('Proprietary', 'Example Corp', 2031)).toMatch(
      /^Copyright \(c\) 2031 Example Corp\. All rights reserved\./,
    );
    expect(renderLicense('none', 'Example Corp', 2031)).toBeUndefined();
    expect(renderLicense('MIT', 'Fish $& Chips', 2031)).toContain('Copyright (c) 2031 Fish $& Chips\n');
    expect(renderLicense('Apache-2.0', "$1 $' Ltd", 2031)).toContain("Copyright 2031 $1 $' Ltd");
  });
});
