import { methodNames, type EventName, type MethodName } from '../../src-shared/api';
import type { Db } from '../db/create-db';
import type { OwnedTables, TableRole } from '../db/changes';
import type { Clock, Logger, Notifier, SecretStore } from '../platform/ports';
import type { EventBus } from './events';
import type { Handlers } from './handlers';

/** The ports every capability is built from; anything else it needs arrives as its own options. */
export interface CoreContext {
  db: Db;
  dbPath: string;
  /** Null when the store was opened by path alone (CLI with --db, tests): nothing is written beside it. */
  dataDir: string | null;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  secrets: SecretStore;
  events: EventBus;
  logger: Logger;
  notifier: Notifier;
}

/**
 * One folder of src-main that serves the contract (ARCHITECTURE §9): the methods it answers, the events it
 * emits, the tables it owns, and its timers. Other capabilities, the CLI and benchmarks use `service`.
 */
export interface Capability<Service = void> {
  name: string;
  handlers: Partial<Handlers>;
  events: readonly EventName[];
  tables: OwnedTables;
  /** Starts timers; the core calls it once every capability exists. */
  start?(): void;
  /** Stops timers and releases what it holds; called in reverse order before the store closes. */
  dispose?(): void;
  service: Service;
}

type AnyCapability = Capability<unknown>;

/** Every method answered by exactly one capability, or the core refuses to start. */
export function combineHandlers(capabilities: readonly AnyCapability[]): Handlers {
  const owner = new Map<string, string>();
  const handlers: Record<string, unknown> = {};
  for (const capability of capabilities) {
    for (const [method, handler] of Object.entries(capability.handlers)) {
      const earlier = owner.get(method);
      if (earlier) throw new Error(`${method} is answered by both ${earlier} and ${capability.name}`);
      owner.set(method, capability.name);
      handlers[method] = handler;
    }
  }
  const missing = methodNames.filter((method: MethodName) => !owner.has(method));
  if (missing.length) throw new Error(`no capability answers ${missing.join(', ')}`);
  return handlers as Handlers;
}

/** Every table has exactly one owner: the place its writes, and their change records, belong to. */
export function tableOwners(capabilities: readonly AnyCapability[]): Map<string, { capability: string; role: TableRole }> {
  const owners = new Map<string, { capability: string; role: TableRole }>();
  for (const capability of capabilities) {
    for (const [table, role] of Object.entries(capability.tables)) {
      const earlier = owners.get(table);
      if (earlier) throw new Error(`table ${table} is owned by both ${earlier.capability} and ${capability.name}`);
      owners.set(table, { capability: capability.name, role });
    }
  }
  return owners;
}
