/** A depends_on cycle; names the services in it, in order, and the fix. */
export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';
}

/**
 * The services to start for `roots` (every service when empty): the roots and everything they depend on,
 * dependencies first. A cycle is refused with its path, e.g. `a -> b -> a`.
 */
export function startOrder(
  dependsOn: Readonly<Record<string, readonly string[]>>,
  roots: readonly string[],
): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = [...path.slice(at), name].join(' -> ');
      throw new DependencyCycleError(
        `The services depend on each other in a cycle: ${cycle}; remove one of those depends_on entries in services.yaml (or the component that adds it).`,
      );
    }
    const dependencies = dependsOn[name];
    if (!dependencies) {
      const from = path.at(-1);
      throw new Error(
        `${from ? `Service "${from}" depends on` : 'Unknown service'} "${name}", which services.yaml does not define; choose from: ${Object.keys(dependsOn).join(', ')}.`,
      );
    }
    path.push(name);
    for (const dependency of dependencies) visit(dependency);
    path.pop();
    done.add(name);
    order.push(name);
  };
  for (const root of roots.length ? roots : Object.keys(dependsOn).sort()) visit(root);
  return order;
}
