/** Events the core pushes to every window: `domain.pastTense`. */
export interface EventMap {
  'shipments.changed': { reason: 'demo' | 'sync' | 'tracking'; count: number };
  'system.statusChanged': { online: boolean };
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['shipments.changed', 'system.statusChanged'];
