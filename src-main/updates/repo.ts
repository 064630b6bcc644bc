import { UPDATE_CHANNELS, type UpdateChannel } from '../../src-shared/api/updates';
import type { Db } from '../db/create-db';
import type { ChannelStore } from './service';
import { readSetting, writeSetting } from '../db/settings';

const KEY = 'updates.channel';

const isChannel = (value: string): value is UpdateChannel => (UPDATE_CHANNELS as readonly string[]).includes(value);

/** The person's channel choice lives with the store's other settings. */
export function settingsChannelStore(db: Db): ChannelStore {
  return {
    get: () => {
      const value = readSetting(db, KEY);
      return value !== null && isChannel(value) ? value : null;
    },
    set: (channel) => {
      writeSetting(db, KEY, channel);
    },
  };
}
