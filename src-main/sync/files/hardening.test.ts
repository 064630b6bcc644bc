import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreset, SyncRun } from '../../../src-shared/api';
import { createTempCore, type TempCore } from '../../testing/temp-core';
import { csvLine, GENERIC_HEADER, genericRow, writeXlsx } from '../testing/files';
import { BoundedStrings, XLSX_LIMITS } from './xlsx-limits';

let core: TempCore;
beforeEach(() => {
  core = createTempCore();
});
afterEach(() => core.dispose());

const file = (name: string) => join(core.dir, name);
const importFile = (path: string, preset: ImportPreset = 'generic'): Promise<SyncRun> =>
  core.services.sync.importFile(path, path.split('/').pop() as string, preset, 'cli').finished;
const rejects = (run: SyncRun) => core.services.sync.store.rejects(run.id, 0, 1000).rows.map((r) => [r.rowNumber, r.reason]);
const count = () => (core.services.db.raw.prepare('SELECT count(*) AS n FROM shipments').get() as { n: number }).n;

/** Rewrites one part of a real workbook, deflated as Excel would: the bomb is small on disk. */
async function withPart(path: string, part: string, content: string): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(path));
  zip.file(part, content);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
}

describe('item 8: XLSX bombs are refused with the limit named, and nothing is stored', () => {
  it('a small workbook whose shared strings unpack past the limit is refused before it is unpacked', async () => {
    const path = file('bomb.xlsx');
    await writeXlsx(path, [GENERIC_HEADER, genericRow(1)]);
    const strings = '<si><t>a</t></si>'.repeat(Math.ceil((XLSX_LIMITS.sharedStringsBytes + 1) / 17));
    await withPart(
      path,
      'xl/sharedStrings.xml',
      `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings}</sst>`,
    );
    const run = await importFile(path);
    expect(run).toMatchObject({ status: 'failed', inserted: 0 });
    expect(run.error).toBe('Cannot read this file: its shared strings unpack to more than 64 MB');
    expect(count()).toBe(0);
  });

  it('a row wider than the cell limit is refused, naming the row and the limit', async () => {
    const path = file('wide.xlsx');
    await writeXlsx(path, [GENERIC_HEADER, [...genericRow(1), ...Array.from({ length: XLSX_LIMITS.cellsPerRow }, (_, i) => `x${i}`)]]);
    const run = await importFile(path);
    expect(run).toMatchObject({ status: 'failed', inserted: 0 });
    expect(run.error).toBe('Cannot read this file: row 2 has more than 1000 cells');
    expect(count()).toBe(0);
  });

  it('the shared strings table stops growing at its limits', () => {
    const strings = new BoundedStrings();
    for (let i = 0; i < XLSX_LIMITS.sharedStrings; i++) strings.push('s');
    expect(() => strings.push('one too many')).toThrow('it has more than 1,000,000 shared strings');
    expect(() => new BoundedStrings().push('y'.repeat(XLSX_LIMITS.cellChars + 1))).toThrow('a cell is longer than 32,767 characters');
  });
});

describe('item 12: the encoding is decided over the whole file', () => {
  const named = (i: number, name: string) => csvLine(genericRow(i).map((cell, k) => (k === 13 ? name : cell)));
  const shipToNames = () =>
    (core.services.db.raw.prepare('SELECT ship_to_name AS name FROM shipments ORDER BY external_id').all() as { name: string }[]).map((r) => r.name);

  it('a UTF-8 file with one Windows-1252 row keeps "José" and rejects only that row, by number', async () => {
    const good = Buffer.from(`${[csvLine(GENERIC_HEADER), named(1, 'José'), named(2, 'Zoë')].join('\r\n')}\r\n`, 'utf8');
    const bad = Buffer.from(`${named(3, 'Muñoz')}\r\n`, 'latin1');
    writeFileSync(file('mixed.csv'), Buffer.concat([good, bad]));
    const run = await importFile(file('mixed.csv'));
    expect(run).toMatchObject({ inserted: 2, rejected: 1 });
    expect(rejects(run)).toEqual([[4, expect.stringContaining('not valid UTF-8')]]);
    expect(shipToNames()).toEqual(['José', 'Zoë']);
  });

  it('a file that is Windows-1252 throughout is read as such', async () => {
    writeFileSync(file('ansi.csv'), Buffer.from(`${[csvLine(GENERIC_HEADER), named(1, 'Muñoz')].join('\r\n')}\r\n`, 'latin1'));
    const run = await importFile(file('ansi.csv'));
    expect(run).toMatchObject({ inserted: 1, rejected: 0 });
    expect(shipToNames()).toEqual(['Muñoz']);
  });
});

describe('item 13: header-only and binary files say so', () => {
  it('a header-only CSV fails with "no data rows"', async () => {
    writeFileSync(file('header.csv'), `${GENERIC_HEADER.join(',')}\r\n`);
    const run = await importFile(file('header.csv'));
    expect(run).toMatchObject({ status: 'failed', error: 'Nothing imported: the file has no data rows (only a header).' });
  });

  it('a binary file fails with "this is not a CSV or XLSX file"', async () => {
    writeFileSync(file('photo.csv'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]));
    const run = await importFile(file('photo.csv'));
    expect(run).toMatchObject({ status: 'failed', error: 'Cannot read this file: this is not a CSV or XLSX file (it contains binary data).' });
  });
});
