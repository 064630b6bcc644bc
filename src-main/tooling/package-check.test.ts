import { createPackageWithOptions } from '@electron/asar';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDER_CONFIG, PROJECT_DIR } from './electron-builder-run';
import { checkBuilderConfigFile, NATIVE_BINDING } from './package-config';
import { inspectUnpackedApp, locateUnpackedApp, MIGRATION_MARKER, runtimeRequires } from './package-contents';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const realYaml = readFileSync(BUILDER_CONFIG, 'utf8');
const realPackageJson = JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** A project folder holding a copy of the builder configuration (edited), package.json and the icon. */
function projectCopy(yaml: string, packageJson: object = realPackageJson, icon?: Buffer): string {
  const dir = tempDir('waybill-pkgcfg-');
  writeFileSync(join(dir, 'electron-builder.yml'), yaml);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  mkdirSync(join(dir, 'build'));
  if (icon) writeFileSync(join(dir, 'build', 'icon.png'), icon);
  else copyFileSync(join(PROJECT_DIR, 'build', 'icon.png'), join(dir, 'build', 'icon.png'));
  return dir;
}

const check = (dir: string) => checkBuilderConfigFile(join(dir, 'electron-builder.yml'), dir);

/** The 24 bytes a PNG reader looks at first, for an icon of the given size. */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(b);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

const edit = (from: string | RegExp, to: string) => (yaml: string) => {
  const edited = yaml.replace(from, to);
  if (edited === yaml) throw new Error(`test edit did not apply: ${from}`);
  return edited;
};

describe('package:check, offline configuration checks', () => {
  it("accepts the project's electron-builder.yml", async () => {
    expect(await check(projectCopy(realYaml))).toEqual([]);
  });

  it.each<[string, (yaml: string) => string, RegExp]>([
    ['a fuse left on', edit('runAsNode: false', 'runAsNode: true'), /electronFuses\.runAsNode must be false/],
    ['a fuse missing', edit(/\n {2}onlyLoadAppFromAsar: true/, ''), /electronFuses\.onlyLoadAppFromAsar must be true/],
    ['a misspelt key', edit('electronFuses:', 'electronFuse:'), /schema: configuration has an unknown property 'electronFuse'/],
    ['no deb', edit('target: [AppImage, deb]', 'target: [AppImage]'), /linux\.target must include deb/],
    ['no Windows installer', edit('target: [nsis]', 'target: [portable]'), /win\.target must include nsis/],
    ['dmg for Apple silicon only', edit(/target: dmg\n(\s+)arch: \[arm64, x64\]/, 'target: dmg\n$1arch: [arm64]'), /mac dmg target must build for x64/],
    [
      'the native binding packed',
      edit('"**/node_modules/better-sqlite3/build/Release/*.node"', '"**/*.txt"'),
      /asarUnpack must unpack node_modules\/better-sqlite3/,
    ],
    ['source maps shipped', edit('  - "!**/*.map"\n', ''), /files must exclude \*\*\/\*\.map/],
    ['asar off', edit('asar: true', 'asar: false'), /asar must be on/],
    ['a file association', edit('fileAssociations: []', 'fileAssociations:\n  - ext: csv\n    name: CSV'), /fileAssociations must be empty/],
    ['a fixed electronDist', (y) => `${y}electronDist: /opt/electron\n`, /electronDist must not be fixed/],
    ['no feed provider', edit(/publish:\n {2}provider: generic\n {2}url: \S+\n/, ''), /publish must include a generic provider/],
    ['native rebuild off', edit('npmRebuild: true', 'npmRebuild: false'), /npmRebuild must stay on/],
    ['not YAML at all', () => 'appId: [unclosed', /is not valid YAML/],
  ])('rejects a copy with %s, saying what is wrong', async (_name, change, message) => {
    const problems = await check(projectCopy(change(realYaml)));
    expect(problems.join('\n')).toMatch(message);
  });

  it('rejects a postinstall that rebuilds native modules for Electron', async () => {
    const packageJson = { ...realPackageJson, scripts: { ...realPackageJson.scripts, postinstall: 'electron-builder install-app-deps' } };
    expect((await check(projectCopy(realYaml, packageJson))).join('\n')).toMatch(/"postinstall" rebuilds native modules for Electron/);
  });

  it('rejects an icon too small to derive the Windows and macOS icons from', async () => {
    const problems = await check(projectCopy(realYaml, realPackageJson, pngHeader(256, 256)));
    expect(problems).toContain('win.icon build/icon.png must be a square PNG of at least 512x512');
  });
});

const ELECTRON_ABI = '150';
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const GOOD_FUSES = '01001110';

/** Bytes where @electron/fuses looks for the fuse wire: sentinel, version 1, length, then '0'/'1' per fuse. */
const fakeElectron = (fuses: string) => Buffer.concat([Buffer.from('ELF...'), Buffer.from(SENTINEL), Buffer.from([1, fuses.length]), Buffer.from(fuses)]);

interface FakeBuild {
  mainJs?: string;
  extraFiles?: Record<string, string>;
  unpackNative?: boolean;
  bindingAbi?: string;
  fuses?: string;
}

/** An unpacked Linux app laid out like electron-builder's `--linux dir` output, with the given flaws. */
async function fakeBuild(build: FakeBuild = {}) {
  const root = tempDir('waybill-pkgapp-');
  const src = join(root, 'app');
  const files: Record<string, string> = {
    'package.json': '{"name":"waybill","main":"dist/main/main.js"}',
    'dist/main/main.js': build.mainJs ?? `const Database = require("better-sqlite3"); const path = require("path"); const sql = "${MIGRATION_MARKER} (...)";`,
    'dist/main/preload.js': '',
    'dist/renderer/index.html': '<!doctype html>',
    'node_modules/better-sqlite3/package.json': '{}',
    [NATIVE_BINDING]: `\u007fELF node_register_module_v${build.bindingAbi ?? ELECTRON_ABI}`,
    ...build.extraFiles,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), content);
  }
  const out = join(root, 'release', 'linux-unpacked');
  mkdirSync(join(out, 'resources'), { recursive: true });
  await createPackageWithOptions(src, join(out, 'resources', 'app.asar'), build.unpackNative === false ? {} : { unpack: '*.node' });
  writeFileSync(join(out, 'waybill'), fakeElectron(build.fuses ?? GOOD_FUSES));
  const app = locateUnpackedApp(join(root, 'release'), { productName: 'Waybill', executableName: 'waybill' });
  if (!app) throw new Error('fake build has no app.asar');
  return inspectUnpackedApp(app, { devDependencies: ['vitest', 'electron', '@types/node'], electronAbi: ELECTRON_ABI });
}

describe('package:check, contents of the unpacked app', () => {
  it('passes an app laid out as electron-builder packs Waybill', async () => {
    expect(await fakeBuild()).toEqual([]);
  });

  it.each<[string, FakeBuild, RegExp]>([
    ['the native binding inside the archive', { unpackNative: false }, /packed inside app\.asar; a native module cannot load from there/],
    ['the binding built for Node, not Electron', { bindingAbi: '115' }, /built for ABI 115, not Electron's 150/],
    ['main.js without the migrations', { mainJs: 'require("better-sqlite3")' }, /does not contain the migrations/],
    ['a devDependency', { extraFiles: { 'node_modules/vitest/package.json': '{}' } }, /devDependencies packaged: vitest/],
    ['a scoped devDependency', { extraFiles: { 'node_modules/@types/node/package.json': '{}' } }, /devDependencies packaged: @types\/node/],
    ['a source map', { extraFiles: { 'dist/main/main.js.map': '{}' } }, /source maps packaged: dist\/main\/main\.js\.map/],
    ['a test file', { extraFiles: { 'dist/main/core.test.js': '' } }, /test files packaged/],
    ['the sources', { extraFiles: { 'src-main/core.ts': '' } }, /source files packaged: src-main\/core\.ts/],
    [
      'a runtime module left out',
      { mainJs: `require("better-sqlite3"); require("electron-updater"); "${MIGRATION_MARKER}"` },
      /requires "electron-updater" but node_modules\/electron-updater is not packaged/,
    ],
    ['ELECTRON_RUN_AS_NODE still allowed', { fuses: '11001110' }, /fuse runAsNode is on .*; it must be off/],
    ['asar integrity off', { fuses: '01000110' }, /fuse enableEmbeddedAsarIntegrityValidation is off .*; it must be on/],
    ['item 16: file:// pages keep their extra privileges', { fuses: '01001111' }, /fuse grantFileProtocolExtraPrivileges is on .*; it must be off/],
  ])('flags %s', async (_name, build, message) => {
    expect((await fakeBuild(build)).join('\n')).toMatch(message);
  });

  it('names only the modules main.js loads at run time, not Node built-ins or Electron', () => {
    expect(
      runtimeRequires('require("fs");require("node:path");require("electron");require("better-sqlite3");require("./x");require("@scope/pkg/sub")'),
    ).toEqual(['@scope/pkg', 'better-sqlite3']);
  });
});
