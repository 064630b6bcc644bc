/** Lets timers, IPC and HTTP requests run between two slices of a long job in the main process. */
export type Pace = () => Promise<void>;

export const yieldToEventLoop: Pace = () => new Promise<void>((resolve) => setImmediate(resolve));
