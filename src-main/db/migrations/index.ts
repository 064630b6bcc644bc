import { initialSchema } from './001-initial';
import type { Migration } from './runner';

/** Forward-only and never edited once landed: add a new entry instead. */
export const migrations: readonly Migration[] = [initialSchema];
