// electron-builder.yml cannot be run here (it downloads Electron and its tools), so it is checked against
// electron-builder's own JSON schema and for the fields the app relies on.
import Ajv from 'ajv';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { APP_ID, PRODUCT_NAME } from '../../main/electron/app-identity.js';
import { allTrayIconFiles } from '../../main/electron/tray-icons.js';

interface Target {
  target: string;
  arch?: string[];
}
interface ExtraResource {
  from: string;
  to: string;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  extraResources: ExtraResource[];
  electronFuses: Record<string, boolean>;
  win: { target: Target[]; icon: string };
  nsis: { createStartMenuShortcut: boolean; oneClick: boolean };
  mac: { target: Target[]; icon: string; category: string; hardenedRuntime: boolean; extendInfo: Record<string, unknown> };
  linux: { target: Target[]; icon: string; category: string; executableName: string };
  deb: { recommends: string[] };
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const targets = (list: Target[]) => list.map((entry) => entry.target);

/** A glob of the kinds the files list uses (`**`, `*`, literal text) as a RegExp over a whole path. */
function globToRegExp(glob: string): RegExp {
  const parts = glob.split(/(\*\*\/|\*\*|\*)/).map((part) => {
    if (part === '**/') return '(?:.*/)?';
    if (part === '**') return '.*';
    if (part === '*') return '[^/]*';
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

/** electron-builder's rule: a file ships when a pattern includes it and no `!` pattern excludes it. */
function ships(file: string): boolean {
  const matches = (pattern: string) => globToRegExp(pattern).test(file);
  const included = config.files.filter((pattern) => !pattern.startsWith('!'));
  const excluded = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  return included.some(matches) && !excluded.some(matches);
}

describe('electron-builder.yml', () => {
  it("validates against app-builder-lib's configuration schema", () => {
    const schema: object = createRequire(import.meta.url)('app-builder-lib/scheme.json');
    // strict: false because the schema uses electron-builder's own `typeof` keyword for function-valued options.
    const validate = new Ajv.default({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...config, appid: 'typo' }), false, 'the schema rejects unknown keys');
  });

  it('uses the app identity the Electron shell uses for notifications', () => {
    assert.equal(config.appId, APP_ID);
    assert.equal(config.appId, 'org.murmurmonitor.app');
    assert.equal(config.productName, PRODUCT_NAME);
    assert.equal(config.nsis.createStartMenuShortcut, true, 'the Start-menu shortcut carries the AppUserModelID');
  });

  it('builds an NSIS installer, a dmg for a menu-bar app, an AppImage and a deb', () => {
    assert.deepEqual(targets(config.win.target), ['nsis']);
    assert.deepEqual(targets(config.mac.target), ['dmg']);
    assert.equal(config.mac.extendInfo['LSUIElement'], true);
    assert.equal(config.mac.hardenedRuntime, true);
    assert.match(config.mac.category, /^public\.app-category\./);
    assert.deepEqual(targets(config.linux.target).sort(), ['AppImage', 'deb']);
    assert.equal(config.linux.executableName, 'murmur-monitor');
    assert.ok(config.linux.category.length > 0);
    assert.deepEqual(config.deb.recommends, [], 'Electron >= 23 needs no libappindicator');
  });

  it('hardens the Electron fuses', () => {
    assert.equal(config.asar, true);
    assert.deepEqual(
      {
        runAsNode: config.electronFuses['runAsNode'],
        enableNodeOptionsEnvironmentVariable: config.electronFuses['enableNodeOptionsEnvironmentVariable'],
        enableNodeCliInspectArguments: config.electronFuses['enableNodeCliInspectArguments'],
        onlyLoadAppFromAsar: config.electronFuses['onlyLoadAppFromAsar'],
        enableEmbeddedAsarIntegrityValidation: config.electronFuses['enableEmbeddedAsarIntegrityValidation'],
        grantFileProtocolExtraPrivileges: config.electronFuses['grantFileProtocolExtraPrivileges'],
      },
      {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        onlyLoadAppFromAsar: true,
        enableEmbeddedAsarIntegrityValidation: true,
        grantFileProtocolExtraPrivileges: false,
      },
    );
  });

  it('ships the app code and the demo, not tests, benchmarks or source maps', () => {
    const main = (JSON.parse(readFileSync('package.json', 'utf8')) as { main: string }).main;
    for (const file of ['package.json', main, 'dist/main/cli.js', 'dist/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/app.js', 'assets/demo/murmur-demo.log']) {
      assert.ok(ships(file), `${file} is packaged`);
    }
    for (const file of ['dist/test/unit/demo.test.js', 'dist/bench/parser.bench.js', 'dist/main/cli.js.map', 'src/anything.ts', 'assets/icons/1024x1024.png']) {
      assert.ok(!ships(file), `${file} is left out`);
    }
    assert.ok(existsSync('assets/demo/murmur-demo.log'));
  });

  it('points at icons that exist, and copies every tray icon un-renamed', () => {
    assert.ok(existsSync(config.win.icon) && config.win.icon.endsWith('.ico'));
    assert.ok(existsSync(config.mac.icon) && config.mac.icon.endsWith('.icns'));
    const linuxIcons = readdirSync(config.linux.icon);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.ok(linuxIcons.includes(`${size}x${size}.png`), `${size}x${size}.png`);
    const tray = config.extraResources.find((resource) => resource.from === 'assets/tray');
    assert.deepEqual(tray, { from: 'assets/tray', to: 'assets/tray' }, 'same relative path packaged (resources/) and in development');
    for (const file of allTrayIconFiles()) assert.ok(existsSync(file), file);
  });
});
