// The one argument parser of every command: Node's util.parseArgs, strict, with --help/-h and --version
// on every command, and its errors turned into short usage errors that name the option.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command-line arguments: the command prints the message and its usage on stderr, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs gives for a set of options: a string or boolean per option, a list for a repeatable one. */
export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** A command as the entry point sees it: its usage, its options, and a check that returns what runs it. */
export interface Command {
  usage: string;
  options: Options;
  /** Checks the parsed values (a UsageError says what is wrong) and returns what runs the command. */
  prepare(values: OptionValues, env: NodeJS.ProcessEnv): () => Promise<number>;
}

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies Options;

/** Parses `argv` against `options` plus --help/-h and --version; positional arguments are refused. */
export function parseOptions(argv: readonly string[], options: Options): OptionValues {
  try {
    return parseArgs({ args: [...argv], options: { ...options, ...COMMON_OPTIONS }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageErrorOf(error);
  }
}

/** parseArgs's errors in a word or two, naming the option; anything unforeseen keeps Node's first line. */
function usageErrorOf(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return error;
  const message = (error as Error).message;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option}`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`unexpected argument ${JSON.stringify(quoted)}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return new UsageError(`${option} needs a value`);
    if (message.includes('ambiguous')) return new UsageError(`${option} needs a value (one that starts with '-' is written ${option}=-VALUE)`);
    if (message.includes('does not take an argument')) return new UsageError(`${option} takes no value`);
  }
  return new UsageError(message.split('\n')[0] as string);
}

/** The strings given for a repeatable option, in order. */
export function strings(value: OptionValues[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/** The string given for a single-valued option (parseArgs keeps the last when it is given twice). */
export function stringOf(value: OptionValues[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
