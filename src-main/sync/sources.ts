import { createShipStationSource } from './shipstation/source';
import type { UpstreamSource } from './types';

export interface SourceEndpoints {
  /** Points ShipStation at its loopback fake in tests and demos; production otherwise. */
  shipstationBaseUrl?: string;
}

/** Every platform the console can pull labels from; a new one is its folder plus one line here. */
export const upstreamSources = (endpoints: SourceEndpoints = {}): UpstreamSource[] => [createShipStationSource(endpoints.shipstationBaseUrl)];
