// Long work on the main thread cut into steps (generators that yield between them), run so the event loop
// gets a turn whenever a stretch of steps took long enough: the app's tray and the server's requests stay
// answered while a large store is read back.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of steps before the event loop gets a turn, unless the caller says otherwise (ms). */
const TURN_MS = 10;

/**
 * When the event loop last gave a runInTurns its turn back. Shared by all of them: a start runs several one
 * after another (the store's parse, its check, the history's decode), and each used to count from its own
 * first step, so their stretches added up within one turn.
 */
let turnStarted = Number.NEGATIVE_INFINITY;

/** Runs `steps` to the end and resolves to what the generator returns (or rejects with what it throws). */
export async function runInTurns<T>(steps: Generator<void, T, void>, turnMs = TURN_MS): Promise<T> {
  for (;;) {
    if (performance.now() - turnStarted > turnMs) {
      await nextTurn();
      turnStarted = performance.now();
    }
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
