import { statSync } from 'node:fs';
import type { CandidateRow, SourceBatch } from '../types';
import { CsvParser, detectDelimiter, type CsvRecord } from './csv';
import { NO_DATA_ROWS, readText, type Sniffed } from './decode';
import { createAssembler, mapHeader, type PresetSpec, type RowAssembler } from './presets';
import { readXlsx } from './xlsx';

/** The whole file is refused (nothing imported): unreadable, or its header lacks a required column. */
export class FileProblem extends Error {}

export const FILE_BATCH_ROWS = 5000;

/** Records of a CSV file in any of the accepted encodings and delimiters, a chunk's worth at a time as it streams in. */
async function* csvRecords(
  path: string,
  encoding: Parameters<typeof readText>[1],
  progress: { bytes: number },
  signal: AbortSignal,
): AsyncGenerator<CsvRecord[]> {
  let parser: CsvParser | null = null;
  for await (const { text, bytes } of readText(path, encoding, signal)) {
    progress.bytes = bytes;
    parser ??= new CsvParser(detectDelimiter(text));
    yield parser.push(text);
  }
  if (parser) yield parser.finish();
}

/** Spreadsheet rows grouped like CSV chunks: one await per group, not per row. */
async function* xlsxRecords(path: string, progress: { bytes: number }): AsyncGenerator<CsvRecord[]> {
  let group: CsvRecord[] = [];
  for await (const record of readXlsx(path, progress)) {
    group.push(record);
    if (group.length >= 500) {
      yield group;
      group = [];
    }
  }
  yield group;
}

/**
 * Reads a CSV or XLSX file (told apart by its bytes, not its name) into batches of candidate rows.
 * Memory stays flat: one decoded chunk and one batch are held at a time.
 */
export async function* readFileRows(path: string, preset: PresetSpec, sniffed: Sniffed, signal: AbortSignal): AsyncGenerator<SourceBatch> {
  if (sniffed.kind === 'unreadable') throw new FileProblem(`Cannot read this file: ${sniffed.reason}.`);
  const total = statSync(path).size;
  const progress = { bytes: 0 };
  const chunks = sniffed.kind === 'xlsx' ? xlsxRecords(path, progress) : csvRecords(path, sniffed.encoding, progress, signal);

  let assembler: RowAssembler | null = null;
  let rows: CandidateRow[] = [];
  let dataRecords = 0;
  try {
    for await (const records of chunks) {
      for (const record of records) {
        if (!assembler) {
          const header = record.cells.map((c) => c.trim());
          const mapped = mapHeader(header, preset);
          if ('problem' in mapped) throw new FileProblem(mapped.problem);
          assembler = createAssembler(preset, header, mapped.columns);
          continue;
        }
        dataRecords++;
        for (const row of assembler.push(record)) rows.push(row);
      }
      // A batch is at least FILE_BATCH_ROWS rows, cut at a chunk boundary so progress matches the bytes read.
      if (rows.length >= FILE_BATCH_ROWS) {
        yield { rows, progress: { done: progress.bytes, total } };
        rows = [];
      }
    }
  } catch (error) {
    if (error instanceof FileProblem || signal.aborted) throw error;
    throw new FileProblem(`Cannot read this file: ${(error as Error).message}`);
  }
  if (!assembler) throw new FileProblem('Cannot read this file: it has no header row.');
  if (dataRecords === 0) throw new FileProblem(`Nothing imported: ${NO_DATA_ROWS}.`);
  rows.push(...assembler.end());
  yield { rows, progress: { done: total, total } };
}
