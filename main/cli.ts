// `murmur-monitor <command>`: each command lives in its own module and is loaded only when asked for.
const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  report: () => import('./core/report-command.js'),
  serve: () => import('./server/serve-command.js'),
};

const [name, ...argv] = process.argv.slice(2);
const load = name === undefined ? undefined : commands[name];
if (!load) {
  process.stderr.write(
    `usage: murmur-monitor report --source NAME=PATH [--source ...] [--json]\n` +
      `       murmur-monitor serve --source NAME=PATH [...] [--host H] [--port P] [--data DIR] [--token T]\n`,
  );
  process.exitCode = 2;
} else {
  process.exitCode = await (await load()).run(argv);
}
