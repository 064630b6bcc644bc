import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runBenchmarks } from './bench/run';
import { parseCarrierPayload } from './carriers/parse';
import { toTrackParseOutput } from './tracking/parse-output';
import { createCore, type Core } from './core';
import { backupStore } from './db/backup';
import { seedShipments } from './demo/seed';
import { parseScanJsonLines } from './reconcile/scan-parse-command';
import { importReturnsCommand, returnsListCommand } from './returns/cli-commands';
import { exceptionsListCommand } from './exceptions/cli-commands';
import { hubConfigured } from './hub';
import { hubConnectCommand, hubDisconnectCommand, hubStatusCommand, hubSyncOnceCommand } from './hub/cli-commands';
import { pollOnceAsStation } from './hub/manual-poll';
import { importEventsCommand } from './tracking/backfill/cli-commands';
import { REPORT_KINDS, reportCommand, type ReportKind } from './exports/cli-commands';
import { optionString, parseArgs, type ParsedArgs } from './platform/args';
import { defaultDataDir, ensurePrivateDataDir, storePath } from './platform/data-dir';
import { fileSecretStore } from './platform/file-secret-store';
import { consoleLogger, systemClock, type SecretStore } from './platform/ports';
import { importShipmentsCommand, syncOnceCommand } from './sync/cli-commands';
import { CommandUsage } from './platform/cli-usage';

interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input; tests inject it, the real CLI reads process.stdin. */
  input?: AsyncIterable<string | Buffer>;
}

type Command = (args: ParsedArgs, io: Io) => Promise<number>;

/** The store named by --db (default: the app's own store). */
function chosenStore(args: ParsedArgs): string {
  const chosen = optionString(args, 'db');
  // Only the app's own data folder is made private as a whole; a --db file elsewhere keeps its folder's rights.
  if (!chosen) ensurePrivateDataDir(defaultDataDir());
  const dbPath = resolve(chosen ?? storePath(defaultDataDir()));
  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  return dbPath;
}

/** The CLI's credentials sit beside its store, as browser mode keeps them. */
const cliSecrets = (dbPath: string): SecretStore => fileSecretStore(resolve(dirname(dbPath), 'secrets.browser-mode.json'), consoleLogger);

/** Opens the store over the same core the app uses; `run` also gets the secret store the core was given. */
async function withCore(args: ParsedArgs, run: (core: Core, secrets: SecretStore) => Promise<number> | number): Promise<number> {
  const dbPath = chosenStore(args);
  const secrets = cliSecrets(dbPath);
  // A command on a station joined to a hub leads nothing: the rules that write on events are left to the hub's leader.
  const onHub = await hubConfigured(secrets);
  const core = createCore({
    dbPath,
    clock: systemClock,
    fetch: globalThis.fetch,
    secrets,
    config: {
      version: process.env.npm_package_version ?? 'dev',
      dataDir: dirname(dbPath),
      shipstationBaseUrl: optionString(args, 'shipstation-url'),
      jobsLedByHub: onHub,
    },
  });
  try {
    return await run(core, secrets);
  } finally {
    core.close();
  }
}

const positiveInt = (value: string | undefined, fallback: number, name: string): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CommandUsage(`--${name} must be a positive whole number`);
  return n;
};

/** Every headless command, in one place; keys are one or two words ("stats", "track parse"). */
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
        const stats = envelope.value;
        if (args.options.json) io.out(JSON.stringify(stats));
        else {
          io.out(`${stats.total} shipments`);
          for (const [title, counts] of [
            ['by status', stats.byStatus],
            ['by carrier', stats.byCarrier],
          ] as const) {
            io.out(`\n${title}:`);
            for (const [key, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) io.out(`  ${key.padEnd(22)} ${n}`);
          }
        }
        return 0;
      }),
  },
  'track parse': {
    usage: 'track parse --carrier <ups|fedex|usps|dhl|easypost|...> FILE   normalize one saved carrier response',
    run: async (args, io) => {
      const carrier = optionString(args, 'carrier');
      const file = args.positional[0];
      if (!carrier || !file) throw new CommandUsage('track parse needs --carrier and a FILE');
      const parsed = parseCarrierPayload(carrier, readFileSync(file, 'utf8'), Number(optionString(args, 'http-status') ?? 200));
      io.out(JSON.stringify(toTrackParseOutput(parsed)));
      return 0;
    },
  },
  'track poll': {
    usage: 'track poll --once [--db FILE]       poll what is due now and print a summary (on a hub: the carrier accounts no other station polls)',
    run: (args, io) =>
      withCore(args, async (core, secrets) => {
        if (!args.options.once) throw new CommandUsage('track poll runs once per call: pass --once');
        const { summary, elsewhere } = await pollOnceAsStation(core, { secrets, clock: systemClock, logger: consoleLogger });
        io.out(
          JSON.stringify({
            ...summary,
            elsewhere,
            carriers: core.services.tracking.poller
              .health()
              .filter((h) => h.configured)
              .map(({ carrier, state, dueNow, lastFailure }) => ({ carrier, state, dueNow, lastFailure })),
          }),
        );
        return 0;
      }),
  },
  'scan parse': {
    usage: 'scan parse --jsonl                  {"raw": "..."} lines on stdin -> one JSON parse per line',
    run: async (args, io) => {
      if (!args.options.jsonl) throw new CommandUsage('scan parse reads JSON lines: pass --jsonl');
      await parseScanJsonLines(io.input ?? process.stdin, io.out);
      return 0;
    },
  },
  'import shipments': {
    usage: 'import shipments [--preset generic|shipstation|shopify] [--db FILE] FILE.csv|FILE.xlsx   counts and rejected rows as JSON',
    run: (args, io) =>
      withCore(args, async (core) => {
        const result = await importShipmentsCommand(core.services.sync, args.positional[0], optionString(args, 'preset'));
        io.out(result.output);
        if (result.error) io.err(result.error);
        return result.ok ? 0 : 1;
      }),
  },
  'returns list': {
    usage: 'returns list [--json] [--state S] [--db FILE]   expected and received returns',
    run: (args, io) =>
      withCore(args, async (core) => {
        io.out(returnsListCommand(core.services.db, optionString(args, 'state'), args.options.json === true, systemClock.now()));
        return 0;
      }),
  },
  'exceptions list': {
    usage: 'exceptions list [--json] [--reason R[,R]] [--flag F[,F]] [--db FILE]   open exceptions by priority',
    run: (args, io) =>
      withCore(args, async (core) => {
        io.out(
          await exceptionsListCommand(core, {
            reason: optionString(args, 'reason'),
            flag: optionString(args, 'flag'),
            json: args.options.json === true,
            now: systemClock.now(),
          }),
        );
        return 0;
      }),
  },
  'import returns': {
    usage: 'import returns [--db FILE] FILE.csv     expected returns from an RMA file; counts and rejected rows as JSON',
    run: (args, io) =>
      withCore(args, async (core) => {
        io.out(await importReturnsCommand(core.dispatch, args.positional[0]));
        return 0;
      }),
  },
  sync: {
    usage: 'sync --once [--db FILE]             every configured platform and the drop folder, once',
    run: (args, io) =>
      withCore(args, async (core) => {
        if (!args.options.once) throw new CommandUsage('sync runs once per call here (the app keeps the schedule): pass --once');
        const result = await syncOnceCommand(core.services.sync);
        io.out(result.output);
        return result.ok ? 0 : 1;
      }),
  },
  ...Object.fromEntries(
    REPORT_KINDS.map((kind: ReportKind) => [
      `report ${kind}`,
      {
        usage: {
          'carrier-performance':
            'report carrier-performance --from YYYY-MM-DD --to YYYY-MM-DD [--group-by carrier,service,warehouse,week] [--format json|csv|xlsx] [--out FILE] [--db FILE]',
          'daily-health': 'report daily-health [--date YYYY-MM-DD] [--utc-offset MINUTES] [--format json|csv|xlsx] [--out FILE] [--db FILE]',
          'weekly-carriers': 'report weekly-carriers [--week YYYY-Www] [--format json|csv|xlsx] [--out FILE] [--db FILE]',
        }[kind],
        run: (args: ParsedArgs, io: Io) =>
          withCore(args, async (core) => {
            const text = await reportCommand(core, kind, {
              format: optionString(args, 'format'),
              out: optionString(args, 'out'),
              from: optionString(args, 'from'),
              to: optionString(args, 'to'),
              groupBy: optionString(args, 'group-by'),
              date: optionString(args, 'date'),
              week: optionString(args, 'week'),
              utcOffset: optionString(args, 'utc-offset'),
            });
            if (text !== null) io.out(text);
            return 0;
          }),
      },
    ]),
  ),
  'import events': {
    usage: 'import events [--db FILE] FILE.jsonl   backfill tracking history; counts and rejected lines as JSON',
    run: (args, io) =>
      withCore(args, async (core) => {
        io.out(JSON.stringify(await importEventsCommand(core, args.positional[0], systemClock.now)));
        return 0;
      }),
  },
  bench: {
    usage:
      'bench [--json] [--shipments N] [--only a,b] [--store FILE]   benchmarks vs raw baselines (--store: measure a seeded store instead of seeding one; hub.propagation, hub.push and hub.bootstrap run only when named in --only)',
    run: async (args, io) => {
      const results = await runBenchmarks({
        shipments: positiveInt(optionString(args, 'shipments'), 1_000_000, 'shipments'),
        only: optionString(args, 'only')?.split(','),
        store: optionString(args, 'store'),
        log: (line) => io.err(line),
      });
      if (args.options.json) io.out(JSON.stringify({ benchmarks: results }));
      else for (const r of results) io.out(`${r.name.padEnd(20)} ${r.value} ${r.unit} (baseline ${r.baseline}, ratio ${r.ratio})`);
      return 0;
    },
  },
  'hub connect': {
    usage:
      'hub connect URL [--name NAME] [--role packing|returns|office] [--db FILE]   join this station to a PostgreSQL hub (postgres://user:pw@host:5432/db?sslmode=verify-full&sslrootcert=CA.pem)',
    run: (args, io) =>
      withCore(args, async (core, secrets) => {
        io.out(await hubConnectCommand(core, secrets, args.positional[0], { name: optionString(args, 'name'), role: optionString(args, 'role') }));
        return 0;
      }),
  },
  'hub status': {
    usage: 'hub status [--json] [--db FILE]     the hub as it is now: connection, stations, who leads each job',
    run: (args, io) =>
      withCore(args, async (core, secrets) => {
        io.out(await hubStatusCommand(core, secrets, args.options.json === true));
        return 0;
      }),
  },
  'hub sync': {
    usage: "hub sync --once [--db FILE]         push this station's outbox to the hub, pull what is new, print the counts",
    run: (args, io) =>
      withCore(args, async (core, secrets) => {
        io.out(await hubSyncOnceCommand(core, secrets, args.options.once === true));
        return 0;
      }),
  },
  'hub disconnect': {
    usage: 'hub disconnect [--db FILE]          forget the hub; this station works alone again',
    run: (args, io) =>
      withCore(args, async (core, secrets) => {
        io.out(await hubDisconnectCommand(core, secrets));
        return 0;
      }),
  },
  backup: {
    usage: 'backup --out FILE [--db FILE]        a consistent copy of the store, safe while the app runs',
    run: (args, io) =>
      withCore(args, (core) => {
        const out = optionString(args, 'out');
        if (!out) throw new CommandUsage('--out FILE is required');
        io.out(backupStore(core.services.db.raw, resolve(out)));
        return 0;
      }),
  },
};

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const twoWords = argv.slice(0, 2).join(' ');
  const name = Object.hasOwn(COMMANDS, twoWords) ? twoWords : argv[0];
  const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const rest = argv.slice(name === twoWords ? 2 : 1);
  if (!command) {
    io.err(
      `usage: npm run -s waybill -- <command>\n\n${Object.values(COMMANDS)
        .map((c) => `  ${c.usage}`)
        .join('\n')}`,
    );
    return argv.length ? 2 : 0;
  }
  try {
    return await command.run(parseArgs(rest), io);
  } catch (error) {
    io.err(`waybill ${name}: ${(error as Error).message}`);
    return error instanceof CommandUsage ? 2 : 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then((code) => (process.exitCode = code));
}
