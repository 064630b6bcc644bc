import { UPDATE_CHANNELS, type UpdateChannel } from '../../src-shared/api/updates';
import type { Db } from '../db/create-db';
import type { ChannelStore } from './service';

const KEY = 'updates.channel';

const isChannel = (value: string): value is UpdateChannel => (UPDATE_CHANNELS as readonly string[]).includes(value);

/** The person's channel choice lives with the store's other settings. */
export function settingsChannelStore(db: Db): ChannelStore {
  return {
    get: () => {
      const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
      return row && isChannel(row.value) ? row.value : null;
    },
    set: (channel) => {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, channel);
    },
  };
}
