// A Docker container's json-file log as a Source (source.ts): the container is found by name or id
// (docker-container.ts), and its log file and rotations are read as any log file is (file-source.ts), with
// each JSON object unwrapped into Murmur's line between the line splitter and the tracker, so positions
// stay byte offsets of the file and are committed as they are for a plain log.
import { FileSource } from '../file-source.js';
import { SourceReadError } from '../source-errors.js';
import type { FollowOptions, LineSink, ReadSummary, Source, SourceFeed, SourceFollower, SourcePlace } from '../source.js';
import { DockerJsonLines } from './docker-json-lines.js';
import { DockerSourceError, dockerRoot, findContainer, type DockerContainer } from './docker-container.js';

/** How long after a failed look for the container it is looked for again (it may not be created yet). */
const RETRY_MS = 5000;

export class DockerSource implements Source {
  readonly spec: string;
  readonly #container: string;
  readonly #root: string;

  constructor(container: string, root: string = dockerRoot()) {
    this.spec = `docker:${container}`;
    this.#container = container;
    this.#root = root;
  }

  /** The container, or a SourceReadError that says what to do. */
  async find(): Promise<DockerContainer> {
    try {
      return await findContainer(this.#container, this.#root);
    } catch (error) {
      if (error instanceof DockerSourceError) throw new SourceReadError(this.spec, 'EDOCKER', `${this.spec}: ${error.message}`);
      throw error;
    }
  }

  async readAll(sink: LineSink): Promise<ReadSummary> {
    const container = await this.find();
    return new FileSource(container.logPath).readAll(new DockerJsonLines(sink));
  }

  follow(place: SourcePlace | null, feed: SourceFeed, options: FollowOptions = {}): SourceFollower {
    return new DockerFollower(this, place, feed, options);
  }
}

class DockerFollower implements SourceFollower {
  readonly #source: DockerSource;
  readonly #place: SourcePlace | null;
  readonly #feed: SourceFeed;
  readonly #options: FollowOptions;
  #inner: SourceFollower | null = null;
  #retry: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(source: DockerSource, place: SourcePlace | null, feed: SourceFeed, options: FollowOptions) {
    this.#source = source;
    this.#place = place;
    this.#feed = feed;
    this.#options = options;
  }

  start(): void {
    this.#source.find().then(
      (container) => {
        if (this.#stopped) return;
        const feed = this.#feed;
        const unwrapped: SourceFeed = {
          sink: new DockerJsonLines(feed.sink),
          advanced: (place, bytes) => feed.advanced(place, bytes),
          readProgress: (done, total) => feed.readProgress(done, total),
          reset: (reason) => feed.reset(reason),
          state: (state, message) => feed.state(state, message),
          caughtUp: () => feed.caughtUp(),
          warn: (message) => feed.warn(message),
        };
        this.#inner = new FileSource(container.logPath).follow(this.#place, unwrapped, this.#options);
        this.#inner.start();
      },
      (error: Error) => {
        if (this.#stopped) return;
        this.#feed.state('error', error.message);
        this.#feed.caughtUp();
        this.#retry = setTimeout(() => this.start(), RETRY_MS);
        this.#retry.unref();
      },
    );
  }

  wake(): void {
    this.#inner?.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    await this.#inner?.stop();
  }
}
