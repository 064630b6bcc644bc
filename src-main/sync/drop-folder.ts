import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';

/** Names a writer uses while a file is still being written, and our own sub-folders. */
const IN_PROGRESS = /(^\.|\.(tmp|part|crdownload|partial)$|^~\$)/i;
/** The drop folder imports spreadsheets only; a note or a photo left there is not its business. */
const IMPORTABLE = /\.(csv|tsv|xlsx)$/i;
export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';

export interface DropFile {
  path: string;
  name: string;
  size: number;
}

/**
 * A warehouse system drops a file every few minutes. A file is taken once its size has not moved between
 * two looks, so a file still being copied is never read half-written.
 */
export function createDropFolderWatch() {
  const lastSizes = new Map<string, number>();
  return {
    /** Files ready to import now; `settled: false` takes every file at once (the CLI's one-shot run). */
    ready(folder: string, settled = true): DropFile[] {
      if (!existsSync(folder)) return [];
      const seen = new Set<string>();
      const ready: DropFile[] = [];
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (!entry.isFile() || IN_PROGRESS.test(entry.name) || !IMPORTABLE.test(entry.name)) continue;
        const path = join(folder, entry.name);
        const { size } = statSync(path);
        seen.add(path);
        if (size > 0 && (!settled || lastSizes.get(path) === size)) ready.push({ path, name: entry.name, size });
        lastSizes.set(path, size);
      }
      for (const path of lastSizes.keys()) if (!seen.has(path)) lastSizes.delete(path);
      return ready.sort((a, b) => a.name.localeCompare(b.name));
    },
    forget(path: string): void {
      lastSizes.delete(path);
    },
  };
}

/** Null when `folder` can be watched: an absolute path to an existing directory; else the reason. */
export function dropFolderProblem(folder: string): string | null {
  if (!isAbsolute(folder)) return `the drop folder must be a full path, not ${JSON.stringify(folder.slice(0, 80))}`;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `there is no folder at ${folder.slice(0, 300)}`;
  return null;
}

/** Moves a handled file aside, stamped so a second file of the same name never overwrites the first. */
export function moveAside(path: string, folder: string, into: typeof PROCESSED_DIR | typeof REJECTED_DIR, stamp: string): string {
  const dir = join(folder, into);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${stamp.replace(/[:.]/g, '-')}-${basename(path)}`);
  renameSync(path, target);
  return target;
}
