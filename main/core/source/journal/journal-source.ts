// A systemd unit's entries in the journal as a Source (source.ts): `report` reads what the journal holds;
// a followed source reads the history after the stored cursor, then follows. Each batch of whole entries
// goes through the one line splitter into the sink, and the cursor of its last entry is handed to
// advanced() in the same turn, so the store commits the cursor together with what those entries produced.
import { LineSplitter } from '../line-splitter.js';
import { SourceReadError } from '../source-errors.js';
import { isFilePosition, type FollowOptions, type LineSink, type ReadSummary, type Source, type SourceFeed, type SourceFollower, type SourcePlace } from '../source.js';
import { JournalFollower } from './journal-follower.js';
import { journalArgs, JournalReadError, runJournalctl, type JournalctlOptions } from './journalctl.js';

export class JournalSource implements Source {
  readonly spec: string;
  readonly #unit: string;
  readonly #options: JournalctlOptions;

  /** @param unit a checked unit name (source-spec.ts), without `.service` */
  constructor(unit: string, options: JournalctlOptions = {}) {
    this.spec = `journal:${unit}`;
    this.#unit = unit;
    this.#options = options;
  }

  async readAll(sink: LineSink): Promise<ReadSummary> {
    const splitter = new LineSplitter();
    const run = runJournalctl(
      journalArgs(this.#unit, null, false),
      (batch) => {
        if (batch.badRecords > 0) sink.countUnparsed(batch.badRecords);
        splitter.feedSink(batch.text, sink);
      },
      this.#options,
    );
    try {
      await run.done;
    } catch (error) {
      if (error instanceof JournalReadError) throw new SourceReadError(this.spec, 'EJOURNAL', `${this.spec}: ${error.message}`);
      throw error;
    }
    splitter.feedSink(null, sink);
    return { segments: 1 };
  }

  follow(place: SourcePlace | null, feed: SourceFeed, _options: FollowOptions = {}): SourceFollower {
    // A place stored by another kind of source (the spec changed kind) is no place in the journal.
    const point = place?.cursor ?? null;
    const cursor = point === null || isFilePosition(point) ? null : point.token;
    const splitter = new LineSplitter();
    const follower = new JournalFollower(
      this.#unit,
      {
        data: (text, token) => {
          splitter.feedSink(text, feed.sink);
          feed.advanced({ finished: [], cursor: { token } }, text.length);
        },
        unparsed: (records) => feed.sink.countUnparsed(records),
        caughtUp: () => feed.caughtUp(),
        state: (state, message) => feed.state(state, message),
      },
      { ...this.#options, cursor },
    );
    return {
      start: () => follower.start(),
      // journalctl --follow is told of new entries by journald itself: there is nothing to look at sooner.
      wake: () => undefined,
      stop: () => follower.stop(),
    };
  }
}
