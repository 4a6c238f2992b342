// Bytes done / total of one source's backfill, with an ETA from the rate so far.
import type { BackfillProgress } from '../../contract.js';

export class ProgressMeter {
  readonly #source: string;
  readonly #started: number;
  readonly #now: () => number;
  #total: number;
  #done = 0;
  #finished = false;

  constructor(source: string, total: number, now: () => number = () => performance.now()) {
    this.#source = source;
    this.#total = total;
    this.#now = now;
    this.#started = now();
  }

  /** Set how many bytes are done (the total grows if the files grew while being read). */
  set done(bytes: number) {
    this.#done = bytes;
    if (bytes > this.#total) this.#total = bytes;
  }

  get done(): number {
    return this.#done;
  }

  finish(): void {
    this.#finished = true;
    this.#done = this.#total;
  }

  get finished(): boolean {
    return this.#finished;
  }

  snapshot(): BackfillProgress {
    const progress: BackfillProgress = { source: this.#source, bytesDone: this.#done, bytesTotal: this.#total, done: this.#finished };
    const seconds = (this.#now() - this.#started) / 1000;
    if (!this.#finished && this.#done > 0 && seconds > 0.5) {
      progress.etaSeconds = Math.round(((this.#total - this.#done) / this.#done) * seconds);
    }
    return progress;
  }
}
