import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { PROJECT_CA_FILE } from '../../lib/auth/settings/settings.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The CA file an answer names, read: its PEM and whether it is the project's own copy; or what is wrong. */
export type CaFile =
  | { readonly pem: string; readonly inProject: boolean; readonly problem?: undefined }
  | { readonly problem: string };

/**
 * Read the corporate root CA the --ad-ca-file answer names: relative to the project, or (data-eng new, run from
 * the parent folder) to where the command runs. The question checks it as it is answered, and the copy into
 * certs/ reads it again.
 */
export function readCaFile(answer: string, projectDir: string): CaFile {
  const candidates = isAbsolute(answer)
    ? [answer]
    : [resolve(projectDir, answer), resolve(process.cwd(), answer)];
  const source = candidates.find((path) => existsSync(path)) ?? candidates[0]!;
  const inProject = relative(projectDir, source).replaceAll('\\', '/') === PROJECT_CA_FILE;
  let pem: string;
  try {
    pem = readFileSync(source, 'utf8');
  } catch {
    return {
      problem: inProject
        ? `the corporate root CA is not in ${PROJECT_CA_FILE} yet; give the path of the CA file (PEM) to copy it into the project`
        : `cannot read "${answer}"; give the path of the corporate root CA in PEM form`,
    };
  }
  if (!PEM_CERTIFICATE.test(pem)) {
    return {
      problem: `"${answer}" holds no PEM certificate (-----BEGIN CERTIFICATE-----); export the root CA as Base-64 encoded X.509`,
    };
  }
  return { pem, inProject };
}
