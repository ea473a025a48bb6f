import type { OptionSpec } from '../plugins/option-spec.js';
// The licence texts as SPDX publishes them (spdx-license-list, CC0), bundled: only these two.
import mit from 'spdx-license-list/licenses/MIT.json' with { type: 'json' };
import apache from 'spdx-license-list/licenses/Apache-2.0.json' with { type: 'json' };

/** The licences `new` offers; none writes no LICENSE, so a project keeps its own. */
export const LICENSES = ['none', 'Proprietary', 'MIT', 'Apache-2.0'] as const;
export type License = (typeof LICENSES)[number];

/** The project's licence questions, part of its own questions (project-options.ts). */
export const LICENSE_OPTIONS = [
  {
    name: 'license',
    flag: 'license',
    type: 'string',
    description:
      "The project's LICENSE: none (write none; the default, so an existing one stays), Proprietary (all rights reserved), MIT or Apache-2.0",
    default: 'none',
    choices: LICENSES,
  },
  {
    name: 'copyrightHolder',
    flag: 'copyright-holder',
    type: 'string',
    description: 'Who holds the copyright, as the LICENSE names them (a company or team)',
    default: (answers: Readonly<Record<string, unknown>>) =>
      `The ${String(answers.title ?? answers.name)} authors`,
    when: (answers) => answers.license !== 'none',
    validate: (value) =>
      String(value).trim() === ''
        ? 'name who holds the copyright, e.g. Example Corp'
        : /[\r\n]/.test(String(value))
          ? 'keep the copyright holder on one line'
          : undefined,
  },
  {
    name: 'copyrightYear',
    flag: 'copyright-year',
    type: 'number',
    description: 'The year in the copyright line; stored, so a later re-render keeps it',
    default: () => new Date().getFullYear(),
    min: 1970,
    max: 2999,
    when: (answers) => answers.license !== 'none',
  },
] as const satisfies readonly OptionSpec[];

export const LICENSE_FILE = 'LICENSE';

/** The LICENSE text of a choice, with the year and holder filled in; undefined for none. */
export function renderLicense(license: License, holder: string, year: number): string | undefined {
  switch (license) {
    case 'none':
      return undefined;
    case 'Proprietary':
      return [
        `Copyright (c) ${year} ${holder}. All rights reserved.`,
        '',
        `This software and its documentation are the property of ${holder}. No part of them may be copied,`,
        `modified, distributed or used outside ${holder} without its written permission.`,
        '',
      ].join('\n');
    case 'MIT':
      // Replacer functions: a holder with $& or $1 in it is written as typed, not as a replacement pattern.
      return `${mit.licenseText
        .replace('<year>', () => String(year))
        .replace('<copyright holders>', () => holder)
        .trimEnd()}\n`;
    case 'Apache-2.0':
      return `${apache.licenseText
        .replace('[yyyy]', () => String(year))
        .replace('[name of copyright owner]', () => holder)
        .trimEnd()}\n`;
  }
}
