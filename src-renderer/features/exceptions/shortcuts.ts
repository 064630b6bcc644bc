/** Keyboard-first: every command of the queue has a key, and the list below is what the footer shows. */
export type QueueCommand = 'down' | 'up' | 'select' | 'assign' | 'unassign' | 'snooze' | 'resolve' | 'note' | 'reopen' | 'refresh' | 'export' | 'search';

export const SHORTCUTS: readonly { keys: string[]; command: QueueCommand; label: string }[] = [
  { keys: ['j', 'ArrowDown'], command: 'down', label: 'next' },
  { keys: ['k', 'ArrowUp'], command: 'up', label: 'previous' },
  { keys: ['x'], command: 'select', label: 'select' },
  { keys: ['a'], command: 'assign', label: 'assign to me' },
  { keys: ['u'], command: 'unassign', label: 'unassign' },
  { keys: ['s'], command: 'snooze', label: 'snooze' },
  { keys: ['r'], command: 'resolve', label: 'resolve' },
  { keys: ['n'], command: 'note', label: 'note' },
  { keys: ['o'], command: 'reopen', label: 'reopen' },
  { keys: ['t'], command: 'refresh', label: 'refresh tracking' },
  { keys: ['e'], command: 'export', label: 'export CSV' },
  { keys: ['/'], command: 'search', label: 'search (Esc returns to the queue)' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.command] as const)));

export const commandFor = (key: string): QueueCommand | undefined => BY_KEY.get(key);

export const keyLabel = (key: string): string => (key === 'ArrowDown' ? '↓' : key === 'ArrowUp' ? '↑' : key);
