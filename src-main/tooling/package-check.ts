import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  BUILDER_CONFIG,
  electronAbi,
  findElectronDist,
  hostPlatformFlag,
  PROJECT_DIR,
  runElectronBuilder,
  withNodeBindingPreserved,
} from './electron-builder-run';
import { checkBuilderConfigFile, loadBuilderConfig, readPackageJson } from './package-config';
import { inspectUnpackedApp, locateUnpackedApp } from './package-contents';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (lines: string[]) => {
  for (const line of lines) process.stderr.write(`package:check: ${line}\n`);
  return 1;
};

/** `npm run package:check`: the configuration always, the packed app wherever an Electron distribution exists. */
async function packageCheck(): Promise<number> {
  const configProblems = await checkBuilderConfigFile(BUILDER_CONFIG, PROJECT_DIR);
  if (configProblems.length) return fail(['electron-builder.yml is not fit to package Waybill:', ...configProblems.map((p) => `  - ${p}`)]);
  say('package:check: electron-builder.yml passes (targets, icons, asar and unpacked native binding, file exclusions, fuses, feed).');

  const dist = findElectronDist();
  if (dist && 'problem' in dist) return fail([dist.problem]);
  if (!dist) {
    say(
      'package:check: SKIPPED building and inspecting the unpacked app: no Electron distribution on this machine ' +
        '(node_modules/electron has no downloaded binary and ELECTRON_DIST is not set). Set ELECTRON_DIST to an unpacked ' +
        `Electron ${readPackageJson(PROJECT_DIR).devDependencies?.electron ?? ''} for this OS to run it.`,
    );
    return 0;
  }

  say(`package:check: building the unpacked app with Electron from ${dist.from} (${dist.dir})`);
  if (spawnSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_DIR, stdio: 'inherit', shell: process.platform === 'win32' }).status !== 0)
    return fail(['npm run build failed']);
  const out = mkdtempSync(join(tmpdir(), 'waybill-package-check-'));
  try {
    const code = withNodeBindingPreserved(PROJECT_DIR, () =>
      runElectronBuilder([hostPlatformFlag(), 'dir', '--publish', 'never', `--config.electronDist=${dist.dir}`, `--config.directories.output=${out}`]),
    );
    if (code !== 0)
      return fail([
        `electron-builder exited with ${code}; packaging needs network access to Electron's headers unless they are cached (see README, "Install and update")`,
      ]);
    const { config } = loadBuilderConfig(BUILDER_CONFIG);
    const productName = String(config?.productName);
    const executableName = String((config?.linux as { executableName?: string } | undefined)?.executableName ?? productName);
    const app = locateUnpackedApp(out, { productName, executableName });
    if (!app) return fail([`no app.asar under ${out}: electron-builder produced no packed app`]);
    const problems = await inspectUnpackedApp(app, {
      devDependencies: Object.keys(readPackageJson(PROJECT_DIR).devDependencies ?? {}),
      electronAbi: electronAbi(),
    });
    if (problems.length) return fail(['the unpacked app is not fit to ship:', ...problems.map((p) => `  - ${p}`)]);
    say(
      'package:check: the unpacked app passes (app.asar, better-sqlite3 unpacked and built for Electron, bundled migrations, no dev dependencies, maps or tests, fuses set).',
    );
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) void packageCheck().then((code) => (process.exitCode = code));
