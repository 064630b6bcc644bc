/** What a carrier folder gives the rest of the core: one object, registered by one line in registry.ts. */
import type { FakeCarrierSpec } from './fake-server/model';
import type { StatusRow } from './table';
import type { CarrierClient, CarrierClientOptions, ParseContext, ParsedTracking } from './types';

export interface CarrierManifest {
  /** Settings → Carrier accounts: the credentials staff enter, in the order shown. */
  credentialFields: readonly string[];
  sandboxUrl: string;
  productionUrl: string;
  /** Requests per minute when IT has not set one; from each carrier's published default limits. */
  defaultQuotaPerMinute: number;
  create(options: CarrierClientOptions): CarrierClient;
  /** `track parse`: the mapper for a saved body, whether it is read as JSON or XML text, and other spellings of the id. */
  parse: {
    mapper: (body: unknown, ctx: ParseContext) => ParsedTracking;
    format: 'json' | 'xml';
    aliases: readonly string[];
  };
  /** The carrier's ordered status tables, so one test checks every row of every carrier. */
  statusTables: readonly (readonly StatusRow<string>[])[];
  /** The carrier's wire format in the fake carrier server (tests, benches, the browser-mode demo). */
  fake(): FakeCarrierSpec;
}
