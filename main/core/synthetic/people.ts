// Who populates a synthetic log: a seeded random source and a pool of users with hostile names.

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

/**
 * Names a permissive server (`username=.*`) lets through: markup, text that looks like the log's own
 * prefix or message verbs, separators, quotes, emoji, other scripts. Distinct even ignoring case.
 */
export const ODD_NAMES: readonly string[] = [
  'paren(s)',
  'x(1)> y',
  'a => b',
  'c:d',
  '<b>bold</b>',
  '<img src=x onerror=alert(1)>',
  'headset 🎧',
  '<3:bob(5)> Authenticated',
  'quote"s',
  "it's me",
  '[]{}|@.',
  'evil:9(0) to Lobby',
  'Zoë Ørsted',
  '日本語の名前',
  'عربي',
  'spaces  inside',
  'kick:1(2) (me',
];

const PLAIN_NAMES = ['alice', 'Bob', 'carol', 'dave', 'Eve', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];

export interface SyntheticUser {
  name: string;
  /** Registered id, -1 when not registered. Unique among registered users. */
  userId: number;
}

/** `count` users: the odd names first, then numbered plain ones; about a third registered, SuperUser once. */
export function makeUsers(count: number, random: Random): SyntheticUser[] {
  const users: SyntheticUser[] = [{ name: 'SuperUser', userId: 0 }];
  let nextId = 1;
  for (let i = 0; users.length < count; i += 1) {
    const name = i < ODD_NAMES.length ? (ODD_NAMES[i] as string) : `${PLAIN_NAMES[i % PLAIN_NAMES.length]}${i}`;
    users.push({ name, userId: random.chance(0.35) ? nextId++ : -1 });
  }
  return users;
}
