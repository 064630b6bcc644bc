import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_DIR = resolve(__dirname, '../..');
export const BUILDER_CONFIG = join(PROJECT_DIR, 'electron-builder.yml');

export type ElectronDist = { dir: string; from: 'ELECTRON_DIST' | 'node_modules/electron/dist' } | { problem: string } | null;

const electronVersion = (root: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * ELECTRON_DIST (air-gapped build hosts: an unpacked Electron, or a folder holding its zip) wins; otherwise
 * the binary `npm ci` downloaded, if it could. Null when neither exists: the caller skips the build.
 */
export function findElectronDist(root: string = PROJECT_DIR, env: NodeJS.ProcessEnv = process.env): ElectronDist {
  const configured = env.ELECTRON_DIST?.trim();
  if (configured) {
    const dir = resolve(configured);
    if (!existsSync(dir)) return { problem: `ELECTRON_DIST=${configured} does not exist` };
    const versionFile = join(dir, 'version');
    const wanted = electronVersion(root);
    if (existsSync(versionFile)) {
      const found = readFileSync(versionFile, 'utf8').trim().replace(/^v/, '');
      if (found !== wanted)
        return { problem: `ELECTRON_DIST holds Electron ${found}, but package.json pins ${wanted}; native modules would be built for the wrong one` };
    }
    return { dir, from: 'ELECTRON_DIST' };
  }
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const dist = join(pkgDir, 'dist');
  return existsSync(join(dist, readFileSync(pathFile, 'utf8').trim())) ? { dir: dist, from: 'node_modules/electron/dist' } : null;
}

/**
 * electron-builder rebuilds better-sqlite3 for Electron inside node_modules; the tests and CLI need the Node
 * build there, so its build/ folder is put back exactly as it was (offline, without recompiling). That also
 * drops @electron/rebuild's marker, which would otherwise make the next packaging skip the rebuild.
 */
export function withNodeBindingPreserved<T>(root: string, run: () => T): T {
  const build = join(root, 'node_modules', 'better-sqlite3', 'build');
  const keep = join(mkdtempSync(join(tmpdir(), 'waybill-binding-')), 'build');
  cpSync(build, keep, { recursive: true });
  try {
    return run();
  } finally {
    rmSync(build, { recursive: true, force: true });
    cpSync(keep, build, { recursive: true });
    rmSync(dirname(keep), { recursive: true, force: true });
  }
}

/** NODE_MODULE_VERSION of the pinned Electron, which the packaged native binding must be built for. */
export const electronAbi = (root: string = PROJECT_DIR): string => readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();

/**
 * A `nodedir` meant for Node builds (machines that compile better-sqlite3 offline against system headers set
 * one) makes @electron/rebuild compile against Node's headers and report success; without it, node-gyp uses
 * Electron's headers from ~/.electron-gyp or downloads them.
 */
export function builderEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'));
}

/** Runs this project's electron-builder CLI; returns its exit code. */
export function runElectronBuilder(args: readonly string[], root: string = PROJECT_DIR): number {
  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  const result = spawnSync(process.execPath, [cli, '--config', BUILDER_CONFIG, ...args], { cwd: root, stdio: 'inherit', env: builderEnv() });
  return result.status ?? 1;
}

/** The host's own platform: electron-builder cannot build another OS's unpacked app from this OS's Electron. */
export const hostPlatformFlag = (platform: NodeJS.Platform = process.platform): string =>
  platform === 'darwin' ? '--mac' : platform === 'win32' ? '--win' : '--linux';
