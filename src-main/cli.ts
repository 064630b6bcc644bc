import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runBenchmarks } from './bench/run';
import { createCore, type Core } from './core';
import { seedShipments } from './demo/seed';
import { optionString, parseArgs, type ParsedArgs } from './platform/args';
import { defaultDataDir, storePath } from './platform/data-dir';
import { fileSecretStore } from './platform/file-secret-store';
import { consoleLogger, systemClock } from './platform/ports';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

type Command = (args: ParsedArgs, io: Io) => Promise<number>;

/** Opens the store named by --db (default: the app's own store) over the same core the app uses. */
function openCore(args: ParsedArgs): Core {
  const dbPath = resolve(optionString(args, 'db') ?? storePath(defaultDataDir()));
  mkdirSync(dirname(dbPath), { recursive: true });
  return createCore({
    dbPath,
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets: fileSecretStore(resolve(dirname(dbPath), 'secrets.browser-mode.json'), consoleLogger),
    config: { version: process.env.npm_package_version ?? 'dev', dataDir: dirname(dbPath) },
  });
}

async function withCore(args: ParsedArgs, run: (core: Core) => Promise<number> | number): Promise<number> {
  const core = openCore(args);
  try {
    return await run(core);
  } finally {
    core.close();
  }
}

const positiveInt = (value: string | undefined, fallback: number, name: string): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number`);
  return n;
};

class UsageError extends Error {}

/** Every headless command, in one place. */
const COMMANDS: Record<string, { usage: string; run: Command }> = {
  seed: {
    usage: 'seed --shipments N [--db FILE]      add N realistic sample shipments',
    run: (args, io) =>
      withCore(args, (core) => {
        const shipments = positiveInt(optionString(args, 'shipments'), 5000, 'shipments');
        const seeded = seedShipments(core.services.db, { shipments, now: systemClock.now(), withEvents: shipments <= 50_000 });
        io.out(JSON.stringify(seeded));
        return 0;
      }),
  },
  stats: {
    usage: 'stats [--json] [--db FILE]           counts by status and carrier',
    run: (args, io) =>
      withCore(args, async (core) => {
        const envelope = await core.dispatch('system.stats', {});
        if (!envelope.ok) throw new Error(envelope.error.message);
        const stats = envelope.value as { total: number; byStatus: Record<string, number>; byCarrier: Record<string, number> };
        if (args.options.json) io.out(JSON.stringify(stats));
        else {
          io.out(`${stats.total} shipments`);
          for (const [title, counts] of [['by status', stats.byStatus], ['by carrier', stats.byCarrier]] as const) {
            io.out(`\n${title}:`);
            for (const [key, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) io.out(`  ${key.padEnd(22)} ${n}`);
          }
        }
        return 0;
      }),
  },
  bench: {
    usage: 'bench [--json] [--shipments N] [--only a,b]   benchmarks vs raw SQLite baselines',
    run: async (args, io) => {
      const results = await runBenchmarks({
        shipments: positiveInt(optionString(args, 'shipments'), 1_000_000, 'shipments'),
        only: optionString(args, 'only')?.split(','),
        log: (line) => io.err(line),
      });
      if (args.options.json) io.out(JSON.stringify({ benchmarks: results }));
      else for (const r of results) io.out(`${r.name.padEnd(20)} ${r.value} ${r.unit} (baseline ${r.baseline}, ratio ${r.ratio})`);
      return 0;
    },
  },
};

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`usage: npm run -s waybill -- <command>\n\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}`);
    return name ? 2 : 0;
  }
  try {
    return await command.run(parseArgs(rest), io);
  } catch (error) {
    io.err(`waybill ${name}: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then((code) => (process.exitCode = code));
}
