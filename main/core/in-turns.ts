// Long work on the main thread cut into steps (generators that yield between them), run so the event loop
// gets a turn whenever a stretch of steps took long enough: the app's tray and the server's requests stay
// answered while a large store is read back.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of steps before the event loop gets a turn, unless the caller says otherwise (ms). */
const TURN_MS = 20;

/** Runs `steps` to the end and resolves to what the generator returns (or rejects with what it throws). */
export async function runInTurns<T>(steps: Generator<void, T, void>, turnMs = TURN_MS): Promise<T> {
  let turnStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - turnStarted > turnMs) {
      await nextTurn();
      turnStarted = performance.now();
    }
  }
}
