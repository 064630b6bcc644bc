import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A workbook is a zip: a 1.6 MB file can unpack to gigabytes of shared strings. These bounds are far above
 * any real shipments export and far below what would stall the console; each refusal names its limit.
 */
export const XLSX_LIMITS = Object.freeze({
  /** Everything in the workbook, unpacked, as its zip directory declares it. */
  unpackedBytes: 512 * 1024 * 1024,
  /** xl/sharedStrings.xml unpacked: shared strings are held in memory while the sheet is read. */
  sharedStringsBytes: 64 * 1024 * 1024,
  sharedStrings: 1_000_000,
  cellsPerRow: 1000,
  cellChars: 32_767,
});

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const ZIP64_SIZE = 0xffffffff;

/** Reads the zip's central directory (no inflating) and returns the reason the workbook is refused, or null. */
export function xlsxSizeProblem(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return 'the workbook is damaged (no zip directory)';
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size) return 'the workbook is damaged (its zip directory points outside the file)';
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    let total = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_ENTRY) return 'the workbook is damaged (bad zip directory entry)';
      const unpacked = dir.readUInt32LE(at + 24);
      const nameLength = dir.readUInt16LE(at + 28);
      const name = dir.toString('utf8', at + 46, at + 46 + nameLength);
      if (unpacked === ZIP64_SIZE) return `the workbook is larger than ${mb(XLSX_LIMITS.unpackedBytes)} unpacked`;
      if (name === 'xl/sharedStrings.xml' && unpacked > XLSX_LIMITS.sharedStringsBytes) {
        return `its shared strings unpack to more than ${mb(XLSX_LIMITS.sharedStringsBytes)}`;
      }
      total += unpacked;
      if (total > XLSX_LIMITS.unpackedBytes) return `the workbook is larger than ${mb(XLSX_LIMITS.unpackedBytes)} unpacked`;
      at += 46 + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

/** An array for exceljs's shared strings that refuses to grow past the limits while it is being filled. */
export class BoundedStrings extends Array<unknown> {
  static override get [Symbol.species]() {
    return Array;
  }
  override push(...items: unknown[]): number {
    for (const item of items) {
      if (this.length >= XLSX_LIMITS.sharedStrings)
        throw new XlsxLimitError(`it has more than ${XLSX_LIMITS.sharedStrings.toLocaleString('en-US')} shared strings`);
      if (typeof item === 'string' && item.length > XLSX_LIMITS.cellChars)
        throw new XlsxLimitError(`a cell is longer than ${XLSX_LIMITS.cellChars.toLocaleString('en-US')} characters`);
      super.push(item);
    }
    return this.length;
  }
}

export class XlsxLimitError extends Error {}
