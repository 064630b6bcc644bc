import { BUILDER_CONFIG, findElectronDist, PROJECT_DIR, runElectronBuilder, withNodeBindingPreserved } from './electron-builder-run';
import { checkBuilderConfigFile } from './package-config';

/**
 * `npm run package [-- electron-builder args]`: installers for this OS into release/ (plus the feed files).
 * Needs network access to Electron's downloads, or ELECTRON_DIST and pre-filled caches on an air-gapped host.
 */
async function packageApp(args: string[]): Promise<number> {
  const problems = await checkBuilderConfigFile(BUILDER_CONFIG, PROJECT_DIR);
  if (problems.length) {
    for (const p of ['electron-builder.yml is not fit to package Waybill:', ...problems.map((x) => `  - ${x}`)]) process.stderr.write(`package: ${p}\n`);
    return 1;
  }
  const dist = findElectronDist();
  if (dist && 'problem' in dist) {
    process.stderr.write(`package: ${dist.problem}\n`);
    return 1;
  }
  // Without a local distribution electron-builder downloads Electron itself, which needs the network.
  const distArgs = dist?.from === 'ELECTRON_DIST' ? [`--config.electronDist=${dist.dir}`] : [];
  const publishArgs = args.includes('--publish') || args.includes('-p') ? [] : ['--publish', 'never'];
  return withNodeBindingPreserved(PROJECT_DIR, () => runElectronBuilder([...publishArgs, ...distArgs, ...args]));
}

if (require.main === module) void packageApp(process.argv.slice(2)).then((code) => (process.exitCode = code));
