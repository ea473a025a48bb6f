import { definePlugin } from '../../lib/plugins/public-api.js';
import { renderTemplate } from '../../lib/render/render-template.js';

/** The project itself: the files every generated project has, whatever its parts. */
export default definePlugin({
  name: 'project',
  apiVersion: 1,
  description: 'Project-wide files: .gitignore and .dockerignore.',
  files(stack) {
    return [
      {
        path: '.gitignore',
        content: renderTemplate(import.meta.url, 'gitignore', { project: stack.project }),
      },
      {
        path: '.dockerignore',
        content: renderTemplate(import.meta.url, 'dockerignore', { project: stack.project }),
      },
    ];
  },
});
