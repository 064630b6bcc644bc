/**
 * Keys typed ahead while the queue is busy (a dialog opening, an action on its way to the core) are held in
 * order and replayed once it is ready, one at a time, so "r 1 Enter r 1 Enter …" typed blind resolves one
 * parcel per sequence instead of losing keys to a dialog that had not taken focus yet.
 */
export interface Typeahead {
  hold(): void;
  /** Ready again: replays what was typed meanwhile, until a replayed key makes the queue busy again. */
  release(): void;
  /** Starts listening on the window; returns the stop. */
  install(): () => void;
}

interface HeldKey {
  key: string;
  code: string;
  shiftKey: boolean;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Text fields take a replayed character as typing: a synthetic key event types nothing by itself. */
function typeInto(target: Element | null, key: string): void {
  if (!(target instanceof HTMLInputElement) || key.length !== 1 || !['text', 'search', ''].includes(target.type)) return;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(target, target.value + key);
  target.dispatchEvent(new Event('input', { bubbles: true }));
}

export function createTypeahead(): Typeahead {
  let held = false;
  let replaying = false;
  const queued: HeldKey[] = [];

  async function replay(): Promise<void> {
    if (replaying) return;
    replaying = true;
    try {
      while (!held && queued.length) {
        const next = queued.shift() as HeldKey;
        const target = document.activeElement ?? document.body;
        const event = new KeyboardEvent('keydown', { ...next, bubbles: true, cancelable: true });
        if (target.dispatchEvent(event)) typeInto(target, next.key);
        // The key's state changes render before the next key reads them.
        await nextTask();
      }
    } finally {
      replaying = false;
    }
  }

  const onKey = (e: KeyboardEvent) => {
    // Replayed keys pass; modified keys (copy, reload) are never held.
    if (!e.isTrusted || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!held && !queued.length && !replaying) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    queued.push({ key: e.key, code: e.code, shiftKey: e.shiftKey });
  };

  return {
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      void replay();
    },
    install: () => {
      window.addEventListener('keydown', onKey, true);
      return () => window.removeEventListener('keydown', onKey, true);
    },
  };
}
