/** Only names the exports service itself makes (lowercase, no path separators, no "..", csv or xlsx). */
const EXPORT_NAME = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*\.(csv|xlsx)$/;

export const isExportFileName = (name: string): boolean => name.length <= 160 && EXPORT_NAME.test(name);

export const EXPORT_CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
