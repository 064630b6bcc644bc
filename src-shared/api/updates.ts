import { z } from 'zod';
import { defineMethod } from './define';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** Work that must not be cut short by a restart; other capabilities report it to the updates service. */
export const BUSY_REASONS = ['scan-session', 'export'] as const;
export type BusyReason = (typeof BUSY_REASONS)[number];

export type UpdateState =
  /** Browser mode, development runs, or no feed configured: this copy does not update itself. */
  | 'unavailable'
  | 'idle'
  | 'checking'
  | 'downloading'
  | 'upToDate'
  /** Downloaded and verified; installs on the next quit or when the user restarts. */
  | 'ready'
  /** The feed could not be reached; checked again later without bothering anyone. */
  | 'offline'
  | 'failed';

export interface UpdatesStatus {
  state: UpdateState;
  currentVersion: string;
  channel: UpdateChannel;
  /** 'it' when update.json fixes the channel, so Settings shows it read-only. */
  channelSetBy: 'it' | 'settings' | 'default';
  availableVersion: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string | null;
  /** One sentence for the person at the workstation, or null when there is nothing to say. */
  message: string | null;
  /** Why a restart would have to wait right now. */
  restartBlockedBy: BusyReason[];
  /** The user asked to restart while busy; it happens as soon as the work is done. */
  restartPending: boolean;
}

const none = z.object({}).strict().default({});

export const updatesMethods = {
  'updates.status': defineMethod<UpdatesStatus>()(none),
  'updates.setChannel': defineMethod<UpdatesStatus>()(z.object({ channel: z.enum(UPDATE_CHANNELS) }).strict()),
  'updates.checkNow': defineMethod<UpdatesStatus>()(none),
  'updates.restartNow': defineMethod<UpdatesStatus>()(none),
};
