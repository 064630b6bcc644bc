import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIVE_BINDING, REQUIRED_FUSES } from './package-config';

/** Text that only the bundled first migration contains: proof the schema travels inside main.js. */
export const MIGRATION_MARKER = 'CREATE TABLE shipments';

/** A fuse is the ASCII byte '1' (on) or '0' (off) in the binary's fuse wire. */
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

const FUSE_INDEX: Record<keyof typeof REQUIRED_FUSES, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

export interface UnpackedApp {
  resourcesDir: string;
  /** The Electron executable (the .app bundle on macOS), where the fuses live. */
  binary: string;
}

/** electron-builder's `dir` output differs per OS; the resources folder is wherever app.asar landed. */
export function locateUnpackedApp(outDir: string, names: { productName: string; executableName: string }): UnpackedApp | null {
  const search = (dir: string, depth: number): string | null => {
    if (existsSync(join(dir, 'app.asar'))) return dir;
    if (depth === 0) return null;
    for (const entry of readdirSync(dir)) {
      const child = join(dir, entry);
      if (statSync(child).isDirectory()) {
        const found = search(child, depth - 1);
        if (found) return found;
      }
    }
    return null;
  };
  const resourcesDir = search(outDir, 4);
  if (!resourcesDir) return null;
  const appDir = dirname(resourcesDir);
  const binary = resourcesDir.endsWith(join('Contents', 'Resources'))
    ? dirname(appDir)
    : existsSync(join(appDir, `${names.productName}.exe`))
      ? join(appDir, `${names.productName}.exe`)
      : join(appDir, names.executableName);
  return { resourcesDir, binary };
}

/** Bare module names main.js loads at run time; the bundle keeps only what esbuild was told to leave out. */
export function runtimeRequires(mainJs: string): string[] {
  const builtins = new Set(builtinModules);
  const names = [...mainJs.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) =>
    m[1]
      .split('/')
      .slice(0, m[1].startsWith('@') ? 2 : 1)
      .join('/'),
  );
  return [...new Set(names)].filter((n) => n !== 'electron' && !n.startsWith('node:') && !builtins.has(n)).sort();
}

/** What a packed Waybill must (and must not) contain; an empty list means it is fit to ship. */
export async function inspectUnpackedApp(app: UnpackedApp, expect: { devDependencies: readonly string[]; electronAbi: string }): Promise<string[]> {
  const problems: string[] = [];
  const asar = join(app.resourcesDir, 'app.asar');
  const files = listPackage(asar, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, ''));
  const has = (path: string) => files.includes(path);

  for (const required of ['package.json', 'dist/main/main.js', 'dist/main/preload.js', 'dist/renderer/index.html']) {
    if (!has(required)) problems.push(`app.asar lacks ${required}`);
  }

  if (!has(NATIVE_BINDING)) problems.push(`app.asar lacks ${NATIVE_BINDING}`);
  else if (!(statFile(asar, NATIVE_BINDING) as { unpacked?: boolean }).unpacked) {
    problems.push(`${NATIVE_BINDING} is packed inside app.asar; a native module cannot load from there`);
  }
  const unpackedBinding = join(app.resourcesDir, 'app.asar.unpacked', NATIVE_BINDING);
  if (!existsSync(unpackedBinding)) problems.push(`app.asar.unpacked lacks ${NATIVE_BINDING}`);
  else {
    // A V8-API addon names the ABI it was compiled for; one built for Node's ABI would fail to load in Electron.
    const binary = readFileSync(unpackedBinding).toString('latin1');
    if (!binary.includes('napi_register_module_v') && !binary.includes(`node_register_module_v${expect.electronAbi}`)) {
      const found = /node_register_module_v(\d+)/.exec(binary)?.[1] ?? 'unknown';
      problems.push(`${NATIVE_BINDING} is built for ABI ${found}, not Electron's ${expect.electronAbi}: the native rebuild did not run`);
    }
  }

  if (has('dist/main/main.js')) {
    const mainJs = extractFile(asar, 'dist/main/main.js').toString('utf8');
    if (!mainJs.includes(MIGRATION_MARKER)) problems.push(`dist/main/main.js does not contain the migrations ("${MIGRATION_MARKER}" not found)`);
    for (const name of runtimeRequires(mainJs)) {
      if (!has(`node_modules/${name}/package.json`)) problems.push(`dist/main/main.js requires "${name}" but node_modules/${name} is not packaged`);
    }
  }

  const devInside = expect.devDependencies.filter((name) => files.some((f) => f.startsWith(`node_modules/${name}/`)));
  if (devInside.length) problems.push(`devDependencies packaged: ${devInside.join(', ')}`);
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length) problems.push(`source maps packaged: ${maps.slice(0, 5).join(', ')}${maps.length > 5 ? ` and ${maps.length - 5} more` : ''}`);
  const tests = files.filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f));
  if (tests.length) problems.push(`test files packaged: ${tests.slice(0, 5).join(', ')}`);
  const sources = files.filter((f) => /^src-(main|renderer|shared)\//.test(f));
  if (sources.length) problems.push(`source files packaged: ${sources.slice(0, 5).join(', ')}`);

  try {
    const wire = await getCurrentFuseWire(app.binary);
    for (const [fuse, wanted] of Object.entries(REQUIRED_FUSES) as [keyof typeof REQUIRED_FUSES, boolean][]) {
      const state = wire[FUSE_INDEX[fuse]];
      if (state !== (wanted ? FUSE_ON : FUSE_OFF))
        problems.push(`fuse ${fuse} is ${state === FUSE_ON ? 'on' : 'off'} in ${app.binary}; it must be ${wanted ? 'on' : 'off'}`);
    }
  } catch (error) {
    problems.push(`could not read the fuses of ${app.binary}: ${(error as Error).message}`);
  }
  return problems;
}
