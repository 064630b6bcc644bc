/** One value of a table written to a file: what CSV and XLSX both know how to write. */
export type Cell = string | number | boolean | null;
