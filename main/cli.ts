// `murmur-monitor <command>`: each command lives in its own module under cli/ and is loaded only when asked for.
import { parseOptions, UsageError, type Command } from './cli/command-line.js';
import { packageVersion } from './core/version.js';

const commands: Record<string, () => Promise<Command>> = {
  report: async () => (await import('./cli/report-command.js')).reportCommand,
  serve: async () => (await import('./cli/serve-args.js')).serveCommand,
};

const USAGE = `usage: murmur-monitor COMMAND [options]
  report --source NAME=PATH [--source ...] [--json]   who is online and the per-day counters, read once from the logs
  serve --source NAME=PATH [--source ...] [options]   the dashboard, a JSON API, live events and /metrics over HTTP
  murmur-monitor COMMAND --help                       the options of a command
  -h, --help                                          show this help and exit
  --version                                           show the version and exit
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === '--version') {
    process.stdout.write(`murmur-monitor ${packageVersion()}\n`);
    return 0;
  }
  const load = name === undefined ? undefined : commands[name];
  if (load === undefined) {
    let problem = 'a command is needed';
    if (name !== undefined) problem = name.startsWith('-') ? `unknown option ${name}` : `unknown command ${JSON.stringify(name)}`;
    process.stderr.write(`murmur-monitor: ${problem}\n${USAGE}`);
    return 2;
  }
  const command = await load();
  let start: () => Promise<number>;
  try {
    const values = parseOptions(rest, command.options);
    if (values['help'] === true) {
      process.stdout.write(command.usage);
      return 0;
    }
    if (values['version'] === true) {
      process.stdout.write(`murmur-monitor ${packageVersion()}\n`);
      return 0;
    }
    start = command.prepare(values, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`murmur-monitor ${name}: ${error.message}\n${command.usage}`);
    return 2;
  }
  return start();
}

process.exitCode = await main(process.argv.slice(2));
