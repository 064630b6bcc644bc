import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface CliChild {
  child: ChildProcess;
  /** Resolves when the process has ended, with what it printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/**
 * The CLI in a process of its own, as a person would run it beside the app. Node loads tsx itself, so the
 * child's pid is the process that opens the store (the tsx wrapper would leave it orphaned by a SIGKILL).
 */
export const spawnCli = (args: readonly string[]): CliChild => spawnTs('src-main/cli.ts', args);

/** Any TypeScript entry of the project (a path from its root) in a child process. */
export function spawnTs(entry: string, args: readonly string[]): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, out, err })),
  );
  return { child, exited };
}
