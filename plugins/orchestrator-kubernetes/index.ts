import { Document } from 'yaml';
import { definePlugin } from '../../lib/plugins/public-api.js';
import { KUBERNETES_OPTIONS } from './options.js';
import { renderValues } from './render-values.js';

export const VALUES_FILE = 'deploy/helm/values.yaml';

/**
 * values.yaml for the official Apache Airflow Helm chart, for teams that outgrow one machine: the same project
 * as the compose stack, with Secrets referred to by name and created in the cluster, never written here.
 */
export default definePlugin({
  name: 'orchestrator-kubernetes',
  apiVersion: 1,
  description: 'values.yaml for the official Apache Airflow Helm chart, rendered from the project.',
  requires: ['airflow'],
  options: KUBERNETES_OPTIONS,
  files(stack, context) {
    const { values, notes, secrets } = renderValues(stack, context);
    const project = stack.project.name;
    const doc = new Document(values, { aliasDuplicateObjects: false });
    doc.commentBefore = [
      ` Values for the official Apache Airflow Helm chart (https://airflow.apache.org/docs/helm-chart/).`,
      ` Install: helm upgrade --install ${project} apache-airflow/airflow -n ${project} -f ${VALUES_FILE}`,
      ...notes.map((line) => ` ${line}`),
      ' Secrets are referred to by name; create them in the namespace first:',
      ...secrets.map((s) =>
        s.name.endsWith('-ldap-ca')
          ? `   kubectl create configmap ${s.name} --from-file=${s.key}=<CA file>   # ${s.holds}`
          : `   kubectl create secret generic ${s.name} --from-literal=${s.key}=...   # ${s.holds}`,
      ),
    ].join('\n');
    return [{ path: VALUES_FILE, content: doc.toString({ lineWidth: 0 }) }];
  },
});
