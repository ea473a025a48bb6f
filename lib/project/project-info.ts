import type { ProjectInfo } from '../model/stack.js';
import type { Answers } from '../config/project-config.js';
import { packageNameOf } from './reserved-names.js';

/** The project's identity from its answers; the Python package name is the slug with underscores. */
export function projectInfo(answers: Answers): ProjectInfo {
  const name = String(answers.name);
  return {
    name,
    title: String(answers.title ?? name),
    description: String(answers.description ?? ''),
    packageName: packageNameOf(name),
  };
}
