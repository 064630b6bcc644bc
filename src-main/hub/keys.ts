import { createHash, randomBytes } from 'node:crypto';

/**
 * PostgreSQL advisory locks are named by one bigint. Each name hashes to its own key, prefixed so Waybill's
 * locks stay apart from any other application's on a shared server. Returned as text: pg sends it as int8.
 */
export const advisoryKey = (name: string): string => BigInt.asIntN(64, createHash('sha256').update(`waybill:${name}`).digest().readBigUInt64BE(0)).toString();

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made on different stations never
 * collide, and sort roughly by the time they were made.
 */
export function uuidv7(nowMs: number, random: Buffer = randomBytes(10)): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  random.copy(bytes, 6, 0, 10);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
