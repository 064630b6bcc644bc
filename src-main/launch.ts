import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serveBrowserMode } from './web/serve';

const root = resolve(__dirname, '..');

/** Electron's npm package ships no binary here unless one was downloaded; path.txt names it when it was. */
export function findElectronBinary(): string | null {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** `npm start`: the desktop app when an Electron runtime is present, browser mode when it is not. */
function launch(argv: string[]): void {
  const binary = findElectronBinary();
  if (binary) {
    spawn(binary, [root, ...argv], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log('No Electron runtime could be found on this machine (it is downloaded separately and this machine could not get it).');
  console.log('Starting Waybill in browser mode instead: same console, same data folder, in your browser.\n');
  void serveBrowserMode(argv);
}

if (require.main === module) launch(process.argv.slice(2));
