import { z } from 'zod';

// Imported first by main.tsx: zod probes `new Function` when its first schema is built, and under the
// app's CSP that probe is reported as a violation on every load. Jitless mode never probes.
z.config({ jitless: true });
