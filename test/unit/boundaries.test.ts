// The import boundaries of the design (shared/design.md, "Layout"), checked on the source tree: an import
// that crosses one fails here, with the file and what it imported.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What the renderer may take from main/: the contract, the API table made of it, and how to read its LogTime. */
const RENDERER_MAY_IMPORT = ['main/contract.ts', 'main/api.ts', 'main/log-time.ts'];
/** What the store may take from source/: the stored place's types and the words for a file error. Never the tailer. */
const STORE_MAY_IMPORT_FROM_SOURCE = ['main/core/source/source.ts', 'main/core/source/fingerprint.ts', 'main/core/source/source-errors.ts'];

interface Rule {
  /** The files the rule is about. */
  from: (file: string) => boolean;
  /** Whether `file` may import `target` (a path from the repository root, or a package name). */
  allows: (target: string, file: string) => boolean;
  why: string;
}

const under = (folder: string) => (path: string) => path.startsWith(folder);
/** A package the dashboard bundles (Chart.js ...): not a file of the repository, not Node's, not Electron. */
const isBrowserPackage = (target: string): boolean => !target.includes('.ts') && !target.startsWith('node:') && target !== 'electron';

const RULES: Rule[] = [
  {
    from: under('main/core/'),
    allows: (target) => !['main/server/', 'main/electron/', 'main/cli/', 'renderer/'].some((folder) => target.startsWith(folder)) && target !== 'electron',
    why: 'core never imports the server, the Electron shell, the command line or the renderer',
  },
  {
    from: (file) => !file.startsWith('main/electron/'),
    allows: (target) => target !== 'electron' && !target.startsWith('electron/'),
    why: "only main/electron/ imports 'electron'",
  },
  {
    from: under('main/core/store/'),
    allows: (target) => !target.startsWith('main/core/monitor/') && (!target.startsWith('main/core/source/') || STORE_MAY_IMPORT_FROM_SOURCE.includes(target)),
    why: 'the store never imports the tailer or the monitor (from source/ only the stored place types and error words)',
  },
  {
    from: under('renderer/'),
    allows: (target) => target.startsWith('renderer/') || RENDERER_MAY_IMPORT.includes(target) || isBrowserPackage(target),
    why: `the renderer imports only its own files, ${RENDERER_MAY_IMPORT.join(', ')}, and browser libraries (no Node, no Electron)`,
  },
  {
    from: (file) => RENDERER_MAY_IMPORT.includes(file),
    allows: (target) => RENDERER_MAY_IMPORT.includes(target),
    why: `what the renderer takes from main/ (${RENDERER_MAY_IMPORT.join(', ')}) imports only itself`,
  },
];

/** The module specifiers `text` imports or re-exports (static, side-effect and dynamic imports). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** A relative specifier as a path from the repository root (`.js` → `.ts`); a package name as it is. */
function resolveImport(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? specifier : specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  return posix.join(posix.dirname(file), specifier).replace(/\.js$/, '.ts');
}

/** Every import of `graph` (file → its imports, resolved) that a rule forbids, as readable lines. */
function crossings(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      for (const rule of RULES) if (rule.from(file) && !rule.allows(target, file)) found.push(`${file} imports ${target}: ${rule.why}`);
    }
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(posix.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => posix.join(folder, name.split('\\').join('/')));
}

test('no import crosses a boundary of the design', () => {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles('main'), ...sourceFiles('renderer')]) {
    graph.set(file, importsOf(readFileSync(posix.join(ROOT, file), 'utf8')).map((specifier) => resolveImport(file, specifier)));
  }
  assert.ok(graph.size > 100, `the tree was read (${graph.size} files)`);
  assert.ok([...graph.values()].flat().length > 300, 'imports were found');
  assert.deepEqual(crossings(graph), []);
});

test('each boundary is enforced: a planted crossing of every rule is reported', () => {
  const planted = new Map<string, string[]>([
    ['main/core/monitor/monitor.ts', ['main/server/routes.ts']],
    ['main/core/perf/sampler.ts', ['electron']],
    ['main/server/http-server.ts', ['electron']],
    ['main/core/store/monitor-store.ts', ['main/core/source/file-tailer.ts']],
    ['renderer/state.ts', ['main/core/murmur/tracker.ts']],
    ['main/log-time.ts', ['main/core/in-turns.ts']],
    ['renderer/main.ts', ['node:fs']],
  ]);
  const reported = crossings(planted);
  for (const [file, [target]] of planted) assert.ok(reported.some((line) => line.startsWith(`${file} imports ${target}:`)), `${file} → ${target}`);
  const fine = new Map<string, string[]>([
    ['main/core/store/store-schema.ts', ['main/core/source/source.ts', 'node:fs', 'lowdb']],
    ['renderer/state.ts', ['main/contract.ts', 'main/log-time.ts', 'renderer/format.ts', 'chart.js']],
    ['main/electron/tray.ts', ['electron', 'main/core/monitor/monitor.ts']],
  ]);
  assert.deepEqual(crossings(fine), []);
});

test('imports are read in every form a file may write them', () => {
  const text = [
    "import type { A } from '../a.js';",
    "import {\n  b,\n  c,\n} from './b.js';",
    "export { d } from './d.js';",
    "import './side-effect.js';",
    "const e = await import('./e.js');",
  ].join('\n');
  assert.deepEqual(importsOf(text).sort(), ['../a.js', './b.js', './d.js', './e.js', './side-effect.js']);
  assert.equal(resolveImport('renderer/panels/perf.ts', '../../main/log-time.js'), 'main/log-time.ts');
  assert.equal(resolveImport('renderer/charts/setup.ts', 'chartjs-adapter-date-fns'), 'chartjs-adapter-date-fns');
  assert.equal(resolveImport('main/a.ts', '@scope/pkg/deep'), '@scope/pkg');
});
