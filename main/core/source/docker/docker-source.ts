// A Docker container's json-file log as a Source (source.ts): the container is found by name or id
// (docker-container.ts), and its log file and rotations are read as any log file is (file-source.ts), with
// each JSON object unwrapped into Murmur's line between the line splitter and the tracker, so positions
// stay byte offsets of the file and are committed as they are for a plain log.
import { FileSource } from '../file-source.js';
import { SourceReadError } from '../source-errors.js';
import type { FollowOptions, LineSink, ReadSummary, Source, SourceFeed, SourceFollower, SourcePlace } from '../source.js';
import { DockerJsonLines } from './docker-json-lines.js';
import { DockerSourceError, dockerRoot, findContainer, type DockerContainer } from './docker-container.js';

/**
 * A look for the container reads the state of every container on the host: while there is none to
 * follow (not created yet, or removed and not created again), it is looked for every this many poll
 * intervals (5 s with the default poll of 1 s).
 */
const LOOK_POLLS = 5;
const DEFAULT_POLL_MS = 1000;

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

/**
 * Follows the log of the container that has the name now. `docker compose up` after a pull removes the
 * container and creates another under the same name, with a new id and log: when the log being followed
 * is gone, the name is looked up again until a container has it, and that one's log is read from its start.
 */
class DockerFollower implements SourceFollower {
  readonly #source: DockerSource;
  readonly #feed: SourceFeed;
  readonly #options: FollowOptions;
  /** How long between two looks for the container while there is none to follow. */
  readonly #lookMs: number;
  /** The newest place handed to the feed: where a container created again starts from. */
  #place: SourcePlace | null;
  #container: DockerContainer | null = null;
  #inner: SourceFollower | null = null;
  #nextLook: NodeJS.Timeout | null = null;
  #stopped = false;
  /** Switching to another container's log: one at a time, and stop() waits for it. */
  #switching: Promise<void> = Promise.resolve();

  constructor(source: DockerSource, place: SourcePlace | null, feed: SourceFeed, options: FollowOptions) {
    this.#source = source;
    this.#place = place;
    this.#feed = feed;
    this.#options = options;
    this.#lookMs = LOOK_POLLS * (options.pollIntervalMs ?? DEFAULT_POLL_MS);
  }

  start(): void {
    this.#look();
  }

  wake(): void {
    this.#inner?.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#nextLook) clearTimeout(this.#nextLook);
    await this.#switching;
    await this.#inner?.stop();
  }

  #look(): void {
    this.#nextLook = null;
    this.#source.find().then(
      (container) => {
        if (this.#stopped) return;
        // The same container whose log is missing for now (being removed): look again later.
        if (container.id === this.#container?.id) this.#lookLater();
        else this.#switching = this.#switching.then(() => this.#follow(container));
      },
      (error: Error) => {
        if (this.#stopped) return;
        this.#feed.state('error', error.message);
        this.#feed.caughtUp();
        this.#lookLater();
      },
    );
  }

  #lookLater(): void {
    if (this.#stopped || this.#nextLook !== null) return;
    this.#nextLook = setTimeout(() => this.#look(), this.#lookMs);
    this.#nextLook.unref();
  }

  async #follow(container: DockerContainer): Promise<void> {
    const previous = this.#inner;
    this.#inner = null;
    await previous?.stop();
    if (this.#stopped) return;
    // Another container's log is a new file: the store learns it as it does a rotation.
    if (previous !== null) this.#feed.reset('rotated');
    this.#container = container;
    const feed = this.#feed;
    const unwrapped: SourceFeed = {
      sink: new DockerJsonLines(feed.sink),
      advanced: (place, bytes) => {
        this.#place = place;
        feed.advanced(place, bytes);
      },
      readProgress: (done, total) => feed.readProgress(done, total),
      reset: (reason) => feed.reset(reason),
      state: (state, message) => {
        if (state !== 'waiting') {
          feed.state(state, message);
          return;
        }
        feed.state('waiting', `${this.#source.spec}: the log of container ${container.id.slice(0, 12)} is gone; looking for a container with that name again`);
        this.#lookLater();
      },
      caughtUp: () => feed.caughtUp(),
      warn: (message) => feed.warn(message),
    };
    this.#inner = new FileSource(container.logPath).follow(this.#place, unwrapped, this.#options);
    this.#inner.start();
  }
}
