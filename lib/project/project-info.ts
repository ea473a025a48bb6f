import type { ProjectInfo } from '../model/stack.js';
import type { Answers } from '../config/project-config.js';
import { readAnswers } from '../config/read-answers.js';
import { projectOptions } from './project-options.js';
import { packageNameOf } from './reserved-names.js';

/** The project's identity from its answers (typed by its questions); the Python package name is the slug with underscores. */
export function projectInfo(answers: Answers): ProjectInfo {
  const { name, title, description } = readAnswers(projectOptions('.'), answers, 'project');
  return { name, title, description, packageName: packageNameOf(name) };
}
