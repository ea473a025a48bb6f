import type { FileContribution, ProjectInfo } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';
import { commentText, shellWord } from '../../lib/render/escape.js';
import {
  BIND_PASSWORD_VARIABLE,
  CCACHE_FILE_NAME,
  KEYTAB_VARIABLE,
  PROJECT_CA_FILE,
} from '../../lib/auth/settings/settings.js';
import type { ResolvedWindowsAuth } from '../../lib/auth/settings/settings.js';
import { renderWebserverConfig } from '../../lib/auth/settings/webserver-config.js';
import { renderKrb5Conf } from '../../lib/auth/settings/render-krb5-conf.js';
import { CONTAINER_PATHS, KERBEROS_SIDECAR, WINDOWS_AUTH_FILES } from './constants.js';

/** The text files of the component, rendered from the resolved answers. */
export function windowsAuthFiles(project: ProjectInfo, auth: ResolvedWindowsAuth): FileContribution[] {
  const data = {
    project,
    auth,
    shell: shellWord,
    comment: commentText,
    paths: CONTAINER_PATHS,
    files: WINDOWS_AUTH_FILES,
    caFile: PROJECT_CA_FILE,
    caContainerPath: `${CONTAINER_PATHS.certsDir}/${PROJECT_CA_FILE.split('/').pop()!}`,
    bindPasswordVariable: BIND_PASSWORD_VARIABLE,
    keytabVariable: KEYTAB_VARIABLE,
    ccacheFileName: CCACHE_FILE_NAME,
    sidecar: KERBEROS_SIDECAR,
  };
  const files: FileContribution[] = [
    {
      path: WINDOWS_AUTH_FILES.webserverConfig,
      content: renderWebserverConfig(auth, {
        origin: `Generated for ${project.name} from the windows-auth answers in .yo-rc.json (AIRFLOW__FAB__CONFIG_FILE):\nchange them with \`data-eng add windows-auth\`, and check a login with \`data-eng auth verify --user NAME\`.\nSee docs/windows-auth.md.`,
        caPath: data.caContainerPath,
        bindPasswordVariable: BIND_PASSWORD_VARIABLE,
      }),
    },
    { path: WINDOWS_AUTH_FILES.docs, content: renderTemplate(import.meta.url, 'windows-auth.md.ejs', data) },
  ];
  if (auth.kerberos !== 'none') {
    files.push({
      path: WINDOWS_AUTH_FILES.krb5Conf,
      content: renderKrb5Conf(auth, [
        `Kerberos for ${commentText(project.name)} against ${auth.realm} (Active Directory).`,
        'Mounted read-only into the Airflow containers (KRB5_CONFIG). Generated from .yo-rc.json; change the',
        'answers with data-eng add windows-auth.',
      ]),
    });
  }
  if (auth.kerberos === 'host') {
    files.push(
      {
        path: WINDOWS_AUTH_FILES.renewScript,
        content: renderTemplate(import.meta.url, 'krb5-renew.sh.ejs', data),
        mode: 0o755,
      },
      {
        path: WINDOWS_AUTH_FILES.renewService,
        content: renderTemplate(import.meta.url, 'data-eng-krb5-renew.service.ejs', data),
      },
      {
        path: WINDOWS_AUTH_FILES.renewTimer,
        content: renderTemplate(import.meta.url, 'data-eng-krb5-renew.timer.ejs', data),
      },
    );
  }
  return files;
}
