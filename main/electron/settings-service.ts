// Settings as the window sees them: current state, validated atomic save, and applying a change at once
// (sources, notifications, perf, start at login) without a restart.
import type { SaveResult, Settings, SettingsState } from '../contract.js';
import { validateSettings } from '../core/settings/schema.js';

export interface SettingsServiceOptions {
  initial: Settings;
  persist: (settings: Settings) => Promise<void>;
  /** Applies a saved document to the running app; its errors are reported, the save still stands. */
  apply: (next: Settings, previous: Settings) => Promise<void>;
  onChanged: (state: SettingsState) => void;
  warn: (message: string) => void;
  /** How remote tokens are kept on disk (settings store's SecretStore); the view says so. */
  tokenStorage?: SettingsState['tokenStorage'];
}

export class SettingsService {
  #settings: Settings;
  #firstRun = false;
  #demoRunning = false;
  /** Saves run one after another, so a slow apply cannot interleave with the next save. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Set while a save applies: flags changed meanwhile go out with the save's own change notice. */
  #applying = false;

  constructor(private readonly options: SettingsServiceOptions) {
    this.#settings = options.initial;
  }

  get settings(): Settings {
    return this.#settings;
  }

  state(): SettingsState {
    return {
      settings: structuredClone(this.#settings),
      firstRun: this.#firstRun,
      demoRunning: this.#demoRunning,
      tokenStorage: this.options.tokenStorage ?? 'plain',
    };
  }

  setFlags(flags: { firstRun?: boolean; demoRunning?: boolean }): void {
    const firstRun = flags.firstRun ?? this.#firstRun;
    const demoRunning = flags.demoRunning ?? this.#demoRunning;
    if (firstRun === this.#firstRun && demoRunning === this.#demoRunning) return;
    this.#firstRun = firstRun;
    this.#demoRunning = demoRunning;
    if (!this.#applying) this.options.onChanged(this.state());
  }

  save(raw: unknown): Promise<SaveResult> {
    const run = this.#queue.then(() => this.#save(raw));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #save(raw: unknown): Promise<SaveResult> {
    const result = validateSettings(raw);
    if (!result.ok) return result;
    const previous = this.#settings;
    await this.options.persist(result.settings);
    this.#settings = result.settings;
    if (result.settings.sources.length > 0) this.#firstRun = false;
    this.#applying = true;
    try {
      await this.options.apply(result.settings, previous);
    } catch (error) {
      this.options.warn(`settings saved, but applying them failed: ${(error as Error).message}`);
    } finally {
      this.#applying = false;
    }
    this.options.onChanged(this.state());
    return result;
  }
}
