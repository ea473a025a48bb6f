/**
 * The names a project's built images go by: `<project>-<build>` as the repository and the Dockerfile target as
 * the tag. Compose builds and runs them under these names, the build cache tags them so, and DCSM and the Helm
 * values refer to them; this module is the only place the name is spelt.
 */

/** `<project>-<build>`, e.g. `sales-airflow`, lower-cased with anything a repository name refuses made `-`. */
export function imageRepository(project: string, build: string): string {
  return `${project}-${build}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

/** `<project>-<build>:<target>`, e.g. `sales-airflow:runtime`: the image compose builds for a service. */
export function builtImageName(project: string, build: string, target: string): string {
  return `${imageRepository(project, build)}:${target}`;
}
