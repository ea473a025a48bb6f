import '../../cli/catalog.js';
import { DataEngGenerator, type DataEngOptions } from '../../lib/generator/data-eng-generator.js';
import { AnswerError } from '../../lib/config/resolve-answers.js';
import { formatRoleMapping, parseRoleMapping } from '../../lib/auth/settings/role-mapping.js';
import { PROJECT_CA_FILE } from '../../lib/auth/settings/settings.js';
import { WINDOWS_AUTH_OPTIONS, windowsAuthSettings } from './options.js';
import { readCaFile } from './ca-file.js';
import { cliCommand } from '../../lib/console/cli-command.js';
import { WINDOWS_AUTH } from './constants.js';
import { projectPath } from '../../lib/fs/project-paths.js';

/**
 * `yo data-eng:windows-auth` and `data-eng add windows-auth`: AD login and Kerberos tickets for an existing
 * project (see component.ts). Besides the table-driven questions it stores the role mapping in its clean
 * form and copies the corporate root CA into the project, where the containers mount it from.
 */
export default class WindowsAuthGenerator extends DataEngGenerator {
  protected readonly owner = WINDOWS_AUTH;
  protected readonly questions = WINDOWS_AUTH_OPTIONS;
  /** The CA to write into the project, when the answer named a file elsewhere. */
  #caPem: string | undefined;

  constructor(args: string[], options: DataEngOptions) {
    super(args, options, WINDOWS_AUTH_OPTIONS);
  }

  override async prompting(): Promise<void> {
    await super.prompting();
    // A list flag arrives split on commas, DNs included; store each entry whole.
    this.answers.roleMapping = formatRoleMapping(parseRoleMapping(this.answers.roleMapping as string[]));
    const auth = windowsAuthSettings(this.answers);
    if (auth.transport === 'plain') {
      this.log(
        'Warning: plain ldap:// without TLS was accepted; AD passwords will cross the network unencrypted.',
      );
    }
    if (auth.caFile !== undefined) this.#takeCa(auth.caFile);
  }

  /** Read the CA the answer names; a file outside certs/ad-ca.pem is copied there and the answer points at the copy. */
  #takeCa(answer: string): void {
    const ca = readCaFile(answer, this.destinationRoot());
    if (ca.problem !== undefined)
      throw new AnswerError(`Invalid windows-auth.caFile (--ad-ca-file): ${ca.problem}.`);
    if (!ca.inProject) this.#caPem = ca.pem;
    this.answers.caFile = PROJECT_CA_FILE;
  }

  override writing(): void {
    super.writing();
    if (this.#caPem === undefined) return;
    // Refuses certs/ (or the file) as a link that leads out of the project: the copy lands inside or nowhere.
    const path = projectPath(this.destinationRoot(), PROJECT_CA_FILE);
    this.fs.write(path, this.#caPem);
    // A new CA answer replaces the old copy without asking: the answer is the user's decision.
    (this.env.sharedFs.get(path) as { conflicter?: string }).conflicter = 'force';
  }

  end(): void {
    const auth = windowsAuthSettings(this.answers);
    const lines = [
      'Windows authentication is set up. Next:',
      "  1. put the bind password in .env: AD_BIND_PASSWORD='...'",
      `  2. check a login: ${cliCommand()} auth verify --user YOUR_LOGIN`,
    ];
    if (auth.kerberos === 'host') {
      lines.push(
        `  3. export KRB5CCNAME=FILE:${auth.ticketDir}/krb5cc, mkdir -p -m 700 ${auth.ticketDir}, kinit; set AIRFLOW_UID=$(id -u) in .env`,
        '  4. keep the ticket fresh: scripts/krb5-renew.sh --install',
      );
    } else if (auth.kerberos === 'keytab') {
      lines.push('  3. put the keytab in .env: KRB5_KEYTAB_BASE64=<output of base64 -w0 FILE>');
    }
    this.log(`${lines.join('\n')}\nDetails: docs/windows-auth.md`);
  }
}
