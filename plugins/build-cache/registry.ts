import { spawn } from 'node:child_process';

/** The outcome of a pull: the image, no such image, or a registry that could not be asked. */
export type PullResult =
  | { readonly status: 'pulled' }
  | { readonly status: 'missing' }
  | { readonly status: 'failed'; readonly reason: string };

function dockerCli(
  args: readonly string[],
  dockerHost: string,
  signal: AbortSignal,
  onLine: (line: string) => void,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, {
      env: { ...process.env, DOCKER_HOST: dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) onLine(line.trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'The docker command is not on PATH; install the Docker CLI to pull and push cached images.',
            )
          : error,
      ),
    );
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Pull an image with the docker CLI, which uses the credentials of `docker login` and its credential
 * helpers, as a corporate registry needs. "Not found" is an answer, not a failure.
 */
export async function pullImage(
  reference: string,
  dockerHost: string,
  signal: AbortSignal,
  onLine: (line: string) => void = () => undefined,
): Promise<PullResult> {
  const { code, output } = await dockerCli(['pull', reference], dockerHost, signal, onLine);
  if (code === 0) return { status: 'pulled' };
  if (/not found|manifest unknown|does not exist|name unknown/i.test(output)) return { status: 'missing' };
  return { status: 'failed', reason: output.trim().split('\n').at(-1) ?? `docker pull exited with ${code}` };
}

/** Push an image with the docker CLI; throws with the registry's answer when it fails. */
export async function pushImage(
  reference: string,
  dockerHost: string,
  signal: AbortSignal,
  onLine: (line: string) => void = () => undefined,
): Promise<void> {
  const { code, output } = await dockerCli(['push', reference], dockerHost, signal, onLine);
  if (code !== 0) {
    const reason = output.trim().split('\n').at(-1) ?? `docker push exited with ${code}`;
    throw new Error(`Pushing ${reference} failed (${reason}); check the registry address and docker login.`);
  }
}
