import type { Migration } from './runner';

/**
 * When each shipment next needs the rules engine if nothing about it changes (exceptions/evaluate.ts): the
 * nearest flag deadline or priority refresh. A steady pass reads what is due plus what the change log says
 * changed, instead of every active shipment. Computed per station from its own clock, so never replicated.
 */
export const rulesDueSchema: Migration = {
  version: 11,
  name: 'rules due',
  sql: `
CREATE TABLE rules_due (
  shipment_id INTEGER PRIMARY KEY,
  due_at INTEGER NOT NULL
);
CREATE INDEX rules_due_at ON rules_due (due_at);
`,
};
