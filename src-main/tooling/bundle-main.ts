import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** Main and preload become one file each: a sandboxed preload cannot require siblings. */
async function bundleMain(): Promise<void> {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, logLevel: 'warning' } as const;
  await build({
    ...common,
    entryPoints: [resolve(root, 'src-main/main.ts')],
    outfile: resolve(root, 'dist/main/main.js'),
    external: ['electron', 'better-sqlite3'],
  });
  await build({ ...common, entryPoints: [resolve(root, 'src-main/preload.ts')], outfile: resolve(root, 'dist/main/preload.js'), external: ['electron'] });
}

void bundleMain();
