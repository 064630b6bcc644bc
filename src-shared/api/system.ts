import { z } from 'zod';
import { defineMethod } from './define';

/** Where carrier credentials live on this workstation, as Settings says it. */
export interface CredentialStorage {
  encrypted: boolean;
  note: string;
}

export interface SystemStatus {
  online: boolean;
  storeBytes: number;
  shipmentCount: number;
  dataDir: string | null;
  version: string;
  /** When shipment sync first failed to reach its platform in the current outage; null while it reaches it. */
  upstreamUnreachableSince?: string | null;
  credentialStorage?: CredentialStorage;
}

export interface StoreStats {
  total: number;
  byStatus: Record<string, number>;
  byCarrier: Record<string, number>;
}

export const systemMethods = {
  'system.status': defineMethod<SystemStatus>()(z.object({}).strict().default({})),
  'system.stats': defineMethod<StoreStats>()(z.object({}).strict().default({})),
  'demo.load': defineMethod<{ shipments: number }>()(
    z
      .object({ shipments: z.number().int().min(1).max(50_000).default(5000) })
      .strict()
      .default({ shipments: 5000 }),
  ),
};
