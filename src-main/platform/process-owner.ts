import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A run (sync, import) belongs to the process that started it. Its owner is written as host/pid/start so
 * another process can tell "still running over there" from "cut short by a crash": a pid alone can be reused.
 */
export interface ProcessOwner {
  host: string;
  pid: number;
  /** When the OS says the process started (Linux: clock ticks since boot); null where it cannot be read. */
  startedAt: string | null;
}

export interface ProcessProbe {
  host: string;
  isAlive(pid: number): boolean;
  startedAt(pid: number): string | null;
}

export const formatOwner = (owner: ProcessOwner): string => `${owner.host}/${owner.pid}/${owner.startedAt ?? ''}`;

export function parseOwner(text: string | null): ProcessOwner | null {
  const match = text ? /^(.*)\/(\d+)\/(\d*)$/.exec(text) : null;
  return match ? { host: match[1], pid: Number(match[2]), startedAt: match[3] || null } : null;
}

/** Gone when the owner is unknown (older stores), or on this host its pid is dead or now names another process. */
export function isOwnerGone(owner: string | null, probe: ProcessProbe): boolean {
  const parsed = parseOwner(owner);
  if (!parsed) return true;
  // A store on a share another computer also opens: that computer's runs are its own business.
  if (parsed.host !== probe.host) return false;
  if (!probe.isAlive(parsed.pid)) return true;
  const now = probe.startedAt(parsed.pid);
  return parsed.startedAt !== null && now !== null && now !== parsed.startedAt;
}

/** Field 22 of /proc/<pid>/stat, counted after the command name, which may itself hold spaces and parentheses. */
export function linuxStartTime(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return /^\d+$/.test(fields[19] ?? '') ? fields[19] : null;
}

export const systemProcessProbe: ProcessProbe = {
  host: hostname(),
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists, it just is not ours to signal.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startedAt(pid) {
    try {
      return linuxStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return null;
    }
  },
};

export const currentOwner = (probe: ProcessProbe = systemProcessProbe): string =>
  formatOwner({ host: probe.host, pid: process.pid, startedAt: probe.startedAt(process.pid) });
