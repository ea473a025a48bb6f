import { spawn } from 'node:child_process';

/** One `docker buildx build` of one target. */
export interface BuildRequest {
  readonly context: string;
  readonly dockerfile: string;
  readonly target: string;
  readonly args: Readonly<Record<string, string>>;
  /**
   * BuildKit secrets by id, with their values: passed to the docker CLI through its environment, never as
   * arguments, so they reach the RUN steps that mount them and nothing else. Empty values are left out.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Empty for the engine's own platform. */
  readonly platform: string;
  readonly tags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Ignore BuildKit's layer cache too (data-eng build --no-cache). */
  readonly noCache: boolean;
  /** Images whose inline cache BuildKit may reuse, e.g. a stage pulled from the registry. */
  readonly cacheFrom: readonly string[];
  /** DOCKER_HOST for the docker CLI: the same engine the cache looks images up in. */
  readonly dockerHost: string;
  /**
   * The engine is Podman, which serves builds through its Docker-compatible API with Buildah (cache
   * mounts included) but not BuildKit's session API: build with the CLI's classic path there.
   */
  readonly podman?: boolean;
  readonly signal: AbortSignal;
  /** Each step's title as it starts, and each line of output. */
  readonly onProgress: (line: string) => void;
}

interface Step {
  title: string;
  readonly output: string[];
  error?: string;
}

/** How the docker CLI builds: buildx, the BuildKit built into older CLIs, or the classic API (Podman). */
export type BuildTool = 'buildx' | 'buildkit' | 'classic';

/** The docker CLI's arguments for a build: plain progress (parsed here), labels, tags, inline cache. */
export function buildArguments(request: BuildRequest, tool: BuildTool): string[] {
  const args = tool === 'buildx' ? ['buildx', 'build', '--load', '--progress=plain'] : ['build'];
  if (tool === 'buildkit') args.push('--progress=plain');
  args.push('-f', request.dockerfile, '--target', request.target);
  if (request.platform) args.push('--platform', request.platform);
  for (const [name, value] of Object.entries(request.args)) args.push('--build-arg', `${name}=${value}`);
  // The classic builder (Podman's Docker API) has no BuildKit secrets: the install steps then use pypi.org.
  for (const id of tool === 'classic' ? [] : Object.keys(secretEnvironment(request))) {
    args.push('--secret', `id=${id},env=${secretVariable(id)}`);
  }
  // Inline cache metadata lets a later build elsewhere reuse this image's layers with --cache-from.
  if (tool !== 'classic') args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1');
  for (const [name, value] of Object.entries(request.labels)) args.push('--label', `${name}=${value}`);
  for (const tag of request.tags) args.push('-t', tag);
  for (const image of request.cacheFrom) args.push('--cache-from', image);
  if (request.noCache) args.push('--no-cache');
  args.push(request.context);
  return args;
}

/** The environment variable that carries a build secret's value to the docker CLI. */
const secretVariable = (id: string): string => `DATA_ENG_BUILD_SECRET_${id.toUpperCase()}`;

/** The set build secrets as the docker CLI's environment variables, by id. */
function secretEnvironment(request: BuildRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(request.secrets ?? {}).filter(([, value]) => value !== ''));
}

/** Whether `docker buildx` is installed; older CLIs carry BuildKit inside `docker build` instead. */
async function hasBuildx(env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['buildx', 'version'], { env, stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Follow BuildKit's plain progress: `#N title`, `#N 0.123 output`, `#N ERROR: ...`. */
export function followProgress(steps: Map<string, Step>, line: string): { step?: Step; started: boolean } {
  const match = /^#(\d+) (.*)$/.exec(line);
  if (!match) return { started: false };
  const [, id, rest] = match as unknown as [string, string, string];
  let step = steps.get(id!);
  if (!step) {
    step = { title: rest, output: [] };
    steps.set(id!, step);
    return { step, started: true };
  }
  if (rest.startsWith('ERROR: ') || rest.startsWith('ERROR ')) step.error = rest.replace(/^ERROR:?\s*/, '');
  else if (/^\d+\.\d+ /.test(rest)) step.output.push(rest.replace(/^\d+\.\d+ /, ''));
  return { step, started: false };
}

/** What a failed build says: the failing step, its error and the end of its output. */
export function failureMessage(image: string, steps: Map<string, Step>, tail: readonly string[]): string {
  const failed = [...steps.values()].find((step) => step.error !== undefined);
  if (!failed) {
    const reason = tail.filter((line) => line.startsWith('ERROR')).at(-1) ?? tail.at(-1) ?? 'no output';
    return `Building ${image} failed: ${reason.replace(/^ERROR:?\s*/, '')}`;
  }
  const output = failed.output.slice(-25).map((line) => `  | ${line}`);
  return [
    `Building ${image} failed at step ${failed.title}: ${failed.error}`,
    ...(output.length ? ['Output of that step (last lines):', ...output] : []),
  ].join('\n');
}

/**
 * Build one target with BuildKit through the docker CLI (`docker buildx build`, or `docker build` with
 * DOCKER_BUILDKIT=1 on CLIs without buildx), so RUN --mount cache mounts work; on Podman through its
 * own builder. Streams progress; on failure throws an Error naming the failing step with its output.
 */
export async function buildWithBuildKit(request: BuildRequest): Promise<void> {
  const env = {
    ...process.env,
    DOCKER_HOST: request.dockerHost,
    DOCKER_BUILDKIT: request.podman ? '0' : '1',
    ...Object.fromEntries(
      Object.entries(secretEnvironment(request)).map(([id, value]) => [secretVariable(id), value]),
    ),
  };
  const tool: BuildTool = request.podman ? 'classic' : (await hasBuildx(env)) ? 'buildx' : 'buildkit';
  const image = request.tags[0] ?? request.target;
  const steps = new Map<string, Step>();
  const tail: string[] = [];
  const child = spawn('docker', buildArguments(request, tool), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const onAbort = (): void => void child.kill('SIGINT');
  request.signal.addEventListener('abort', onAbort, { once: true });
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 50) tail.shift();
      const { step, started } = followProgress(steps, line);
      if (step && started) request.onProgress(step.title);
      else if (step && step.output.length && line.endsWith(step.output.at(-1)!))
        request.onProgress(step.output.at(-1)!);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(
                'The docker command is not on PATH; install the Docker CLI (with buildx) to build images.',
              )
            : error,
        ),
      );
      child.on('close', resolve);
    });
    if (buffered) onData(Buffer.from('\n'));
    request.signal.throwIfAborted();
    if (code !== 0) throw new Error(failureMessage(image, steps, tail));
  } finally {
    request.signal.removeEventListener('abort', onAbort);
  }
}
