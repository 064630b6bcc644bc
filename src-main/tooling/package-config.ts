import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';

/** The production fuses every package must carry (electron-builder's `electronFuses` keys). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

export const NATIVE_BINDING = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

type Json = Record<string, unknown>;

export interface PackageJson {
  version: string;
  author?: unknown;
  homepage?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface ConfigContext {
  projectDir: string;
  packageJson: PackageJson;
}

export function loadBuilderConfig(file: string): { config: Json | null; problems: string[] } {
  if (!existsSync(file)) return { config: null, problems: [`${file} is missing`] };
  try {
    const config = load(readFileSync(file, 'utf8'));
    if (!config || typeof config !== 'object' || Array.isArray(config)) return { config: null, problems: [`${file} does not hold a configuration object`] };
    return { config: config as Json, problems: [] };
  } catch (error) {
    return { config: null, problems: [`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
}

const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const strings = (value: unknown): string[] => asList(value).filter((v): v is string => typeof v === 'string');

/** A platform's `target` in any of electron-builder's spellings, as {name, archs}. */
function targetsOf(platform: Json): { name: string; archs: string[] }[] {
  return asList(platform.target).map((t) =>
    typeof t === 'string' ? { name: t, archs: [] } : { name: String(asObject(t).target), archs: strings(asObject(t).arch) },
  );
}

/** Width and height from a PNG's IHDR chunk; null when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } | null {
  const head = readFileSync(file).subarray(0, 24);
  if (head.length < 24 || head.toString('latin1', 1, 4) !== 'PNG' || head.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** Rebuilding native modules on install downloads Electron headers and fails offline; packaging does it instead. */
const INSTALL_TIME_REBUILD = /electron-rebuild|@electron\/rebuild|install-app-deps/;

/** Everything Waybill's packaging promises, checked on the parsed file with no network and no Electron. */
export function checkBuilderConfig(config: Json, ctx: ConfigContext): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => void (ok || problems.push(message));

  need(typeof config.appId === 'string' && /^[a-z][\w-]*(\.[\w-]+)+$/i.test(config.appId), 'appId must be a reverse-DNS id such as com.waybill.console');
  need(typeof config.productName === 'string' && config.productName.length > 0, 'productName must be set (it names the installers and the data folder)');

  const linux = asObject(config.linux);
  const win = asObject(config.win);
  const mac = asObject(config.mac);
  const linuxTargets = targetsOf(linux).map((t) => t.name);
  for (const name of ['AppImage', 'deb']) need(linuxTargets.includes(name), `linux.target must include ${name}`);
  need(
    targetsOf(win).some((t) => t.name === 'nsis'),
    'win.target must include nsis',
  );
  const dmg = targetsOf(mac).find((t) => t.name === 'dmg');
  need(!!dmg, 'mac.target must include dmg');
  if (dmg) for (const arch of ['arm64', 'x64']) need(dmg.archs.includes(arch), `mac dmg target must build for ${arch}`);
  need(
    targetsOf(mac).some((t) => t.name === 'zip'),
    'mac.target must include zip: Squirrel.Mac updates an installed copy from the zip',
  );

  for (const [name, platform] of [
    ['linux', linux],
    ['win', win],
    ['mac', mac],
  ] as const) {
    const icon = typeof platform.icon === 'string' ? platform.icon : 'build/icon.png';
    const file = join(ctx.projectDir, icon);
    if (!existsSync(file)) {
      problems.push(`${name}.icon ${icon} does not exist`);
      continue;
    }
    const size = pngSize(file);
    // One square PNG of 512 px or more is enough: electron-builder derives the .ico and .icns from it.
    need(!!size && size.width === size.height && size.width >= 512, `${name}.icon ${icon} must be a square PNG of at least 512x512`);
  }

  need(asList(config.fileAssociations).length === 0, 'fileAssociations must be empty: Waybill opens no documents from the desktop');
  need(config.asar !== false && config.asar !== undefined, 'asar must be on');
  need(
    strings(config.asarUnpack).some((p) => minimatch(NATIVE_BINDING, p, { dot: true })),
    `asarUnpack must unpack ${NATIVE_BINDING}`,
  );

  const files = strings(config.files);
  for (const required of ['dist/main/**', 'dist/renderer/**']) need(files.includes(required), `files must include ${required}`);
  for (const excluded of ['!**/*.map', '!**/*.test.*', '!**/*.spec.*']) need(files.includes(excluded), `files must exclude ${excluded.slice(1)}`);
  need(!files.some((f) => /^src-(main|renderer|shared)/.test(f)), 'files must not ship source folders; the bundles in dist/ are the app');

  need(config.npmRebuild !== false, 'npmRebuild must stay on: better-sqlite3 is rebuilt for Electron at packaging time');
  for (const [script, command] of Object.entries(ctx.packageJson.scripts ?? {})) {
    if (['preinstall', 'install', 'postinstall', 'prepare'].includes(script)) {
      need(!INSTALL_TIME_REBUILD.test(command), `package.json "${script}" rebuilds native modules for Electron; that belongs to packaging only`);
    }
  }
  need(config.electronDist === undefined, 'electronDist must not be fixed in electron-builder.yml; set ELECTRON_DIST on the build host instead');

  const fuses = asObject(config.electronFuses);
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) need(fuses[fuse] === value, `electronFuses.${fuse} must be ${value}`);

  need(
    asList(config.publish).some((p) => asObject(p).provider === 'generic'),
    'publish must include a generic provider, so app-update.yml and the feed files are written',
  );
  const metadata = asObject(config.extraMetadata);
  need(
    typeof linux.maintainer === 'string' || !!asObject(ctx.packageJson.author).email,
    'linux.maintainer (or an author email in package.json) is needed by the deb target',
  );
  need(
    typeof metadata.homepage === 'string' || typeof ctx.packageJson.homepage === 'string',
    'a homepage (extraMetadata.homepage or package.json) is needed by the deb target',
  );
  return problems;
}

/** electron-builder's own JSON-schema check: it catches misspelt or misplaced keys the rules above do not name. */
export async function checkBuilderSchema(config: Json): Promise<string[]> {
  try {
    await validateConfiguration(config, new DebugLogger(false));
    return [];
  } catch (error) {
    const lines = (error as Error).message.split('\n').filter((l) => l.trim().startsWith('- '));
    return lines.length ? lines.map((l) => `schema: ${l.trim().slice(2)}`) : [`schema: ${(error as Error).message.split('\n')[0]}`];
  }
}

export function readPackageJson(projectDir: string): PackageJson {
  return JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as PackageJson;
}

/** Parse, rule checks and schema check together; an empty list means the configuration is good. */
export async function checkBuilderConfigFile(file: string, projectDir: string): Promise<string[]> {
  const { config, problems } = loadBuilderConfig(file);
  if (!config) return problems;
  return [...checkBuilderConfig(config, { projectDir, packageJson: readPackageJson(projectDir) }), ...(await checkBuilderSchema(config))];
}
