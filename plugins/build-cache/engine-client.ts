import { engineEndpoint, type EngineEndpoint } from '../../lib/plugins/public-api.js';
import { engineRequest } from './engine-request.js';

/** The parts of an image the build cache reads (Docker's image inspect). */
export interface ImageInfo {
  readonly Id: string;
  readonly RepoTags?: readonly string[] | null;
  readonly Created: string;
  readonly Size: number;
  readonly Config?: { readonly Labels?: Readonly<Record<string, string>> | null };
  readonly Metadata?: { readonly LastTagTime?: string };
}

/** An image as the list call gives it. */
export interface ImageSummary {
  readonly Id: string;
  readonly RepoTags?: readonly string[] | null;
  readonly Created: number;
  readonly Size: number;
  readonly Labels?: Readonly<Record<string, string>> | null;
}

/**
 * A small client for the few engine calls a cache hit needs (inspect, list by label, tag, version),
 * straight over the socket. Loading a full Docker client takes longer than a whole cache hit.
 */
export class EngineClient {
  readonly endpoint: EngineEndpoint;
  /** Inspections started ahead of need, each answered once. */
  readonly #prefetched = new Map<string, Promise<ImageInfo | undefined>>();
  /** Requests not yet written to the engine. */
  readonly #unsent = new Set<Promise<void>>();

  constructor(endpoint: EngineEndpoint = engineEndpoint()) {
    this.endpoint = endpoint;
  }

  /**
   * Start inspecting images now, all at once; the next inspectImage of each name takes its answer. A
   * cache hit asks for every stage's image: one round of concurrent requests instead of one per stage.
   */
  prefetchImages(names: readonly string[]): void {
    for (const name of names) {
      if (this.#prefetched.has(name)) continue;
      const answer = this.#inspect(name);
      answer.catch(() => undefined); // a failure is reported to whoever takes the answer
      this.#prefetched.set(name, answer);
    }
  }

  /** Inspect an image by name or ID; undefined when the engine has no such image. */
  async inspectImage(name: string): Promise<ImageInfo | undefined> {
    const prefetched = this.#prefetched.get(name);
    if (prefetched) {
      this.#prefetched.delete(name);
      return prefetched;
    }
    return this.#inspect(name);
  }

  async #inspect(name: string): Promise<ImageInfo | undefined> {
    const { status, body } = await this.call('GET', `/images/${encodeURIComponent(name)}/json`);
    if (status === 404) return undefined;
    return this.json<ImageInfo>(status, body, `inspect image ${name}`);
  }

  /** Images carrying a label, e.g. `data-eng.build-cache.key=<key>` or just the label's name. */
  async imagesWithLabel(label: string): Promise<ImageSummary[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const { status, body } = await this.call('GET', `/images/json?filters=${filters}`);
    return this.json<ImageSummary[]>(status, body, `list images labelled ${label}`);
  }

  /** Give an image another name (`repo:tag`). */
  async tagImage(image: string, reference: string): Promise<void> {
    const colon = reference.lastIndexOf(':');
    const query = `repo=${encodeURIComponent(reference.slice(0, colon))}&tag=${encodeURIComponent(reference.slice(colon + 1))}`;
    const { status, body } = await this.call('POST', `/images/${encodeURIComponent(image)}/tag?${query}`);
    if (status >= 300)
      throw new Error(`The engine refused to tag ${image} as ${reference} (${status} ${body.trim()}).`);
  }

  /** Remove one name of an image; the image itself goes when its last name does and no container uses it. */
  async untagImage(reference: string): Promise<void> {
    const { status, body } = await this.call(
      'DELETE',
      `/images/${encodeURIComponent(reference)}?noprune=false`,
    );
    if (status >= 300 && status !== 404) {
      throw new Error(`The engine refused to remove ${reference} (${status} ${body.trim()}).`);
    }
  }

  /** os/arch of the engine, and whether it is Podman. */
  async version(): Promise<{ platform: string; podman: boolean }> {
    const { status, body } = await this.call('GET', '/version');
    const info = this.json<{ Os: string; Arch: string; Components?: { Name: string }[] }>(
      status,
      body,
      'read the engine version',
    );
    const podman = (info.Components ?? []).some((component) => /podman/i.test(component.Name));
    return { platform: `${info.Os}/${info.Arch}`, podman };
  }

  private json<T>(status: number, body: string, what: string): T {
    if (status >= 300) throw new Error(`The engine could not ${what} (${status} ${body.trim()}).`);
    return JSON.parse(body) as T;
  }

  /**
   * Resolves once every request made so far has been written to the engine. A request is written only
   * when the event loop next runs; work that blocks the loop (a context walk) should wait for this first,
   * so the engine answers meanwhile.
   */
  async requestsSent(): Promise<void> {
    await Promise.all(this.#unsent);
  }

  private call(method: string, path: string): Promise<{ status: number; body: string }> {
    let sent!: () => void;
    const written = new Promise<void>((resolve) => (sent = resolve));
    this.#unsent.add(written);
    const done = (): void => {
      this.#unsent.delete(written);
      sent();
    };
    const response = engineRequest(this.endpoint, method, path, done);
    // A request that fails before it is written counts as sent: nothing waits on it forever.
    response.catch(() => undefined).finally(done);
    return response;
  }
}
