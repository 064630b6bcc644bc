import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempPostgres, type TempPostgres } from './temp-postgres';

let pg: TempPostgres;
beforeAll(async () => void (pg = await startTempPostgres()));
afterAll(async () => pg?.stop());

describe('a throw-away PostgreSQL for the hub tests', () => {
  it('answers on its URL, makes fresh databases, and survives a restart', async () => {
    const url = await pg.createDatabase('hub_probe');
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v');
    expect(Number.parseInt(rows[0].v, 10)).toBeGreaterThanOrEqual(14);
    await client.end();
    await pg.restart();
    const again = new Client({ connectionString: url });
    await again.connect();
    expect((await again.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await again.end();
  });
});
