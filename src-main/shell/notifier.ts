import { Notification } from 'electron';
import type { Notifier } from '../platform/ports';

export const desktopNotifier: Notifier = {
  notify: (title, body) => {
    if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
  },
};
