import type { HandlersFor } from '../dispatch/handlers';
import type { UpdatesService } from './service';

export function updatesHandlers(updates: UpdatesService): HandlersFor<'updates'> {
  return {
    'updates.status': () => updates.status(),
    'updates.setChannel': (arg) => updates.setChannel(arg.channel),
    'updates.checkNow': () => updates.checkNow(),
    'updates.restartNow': () => updates.restartNow(),
  };
}
