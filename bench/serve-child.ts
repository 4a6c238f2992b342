// Starts `murmur-monitor serve` as a child process for the serve benchmarks and waits for its URL.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServeChild {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

export async function startServe(args: string[]): Promise<ServeChild> {
  const child = spawn(process.execPath, ['bin/murmur-monitor.js', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!/listening on (https?:\S+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start: ${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    child,
    base: (/listening on (https?:\S+)/.exec(out) as RegExpExecArray)[1] as string,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until every source of the served monitor has finished its backfill. */
export async function waitFollowing(base: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = (await (await fetch(new URL('api/snapshot', base))).json()) as { sources: Array<{ state: string }> };
    if (snapshot.sources.every((source) => source.state === 'following')) return;
    if (Date.now() > deadline) throw new Error(`sources still not following: ${JSON.stringify(snapshot.sources)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
