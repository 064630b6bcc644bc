/** A carrier client assembled from what differs per carrier; the retry, batching and failure rules are shared. */
import { createAuthorizer, type CarrierAuth } from './authorizer';
import { attribute, batches } from './batching';
import { createRedactor } from './redactor';
import { callFailure, DEFAULT_TIMEOUT_MS, parseJson, send, sent, type Exchange, type HttpDeps, type RequestSpec } from './transport';
import type { CarrierClient, CarrierClientOptions, ParseContext, ParsedTracking, RawResponse, TrackingFailure, TrackOutcome } from './types';

/** Everything that differs between carriers. */
export interface CarrierDefinition {
  carrier: string;
  maxBatch: number;
  credentialFields: readonly string[];
  auth: CarrierAuth;
  trackRequest: (numbers: string[], authHeaders: Record<string, string>) => RequestSpec;
  /** Cheap authenticated call for testConnection when there is no token endpoint to try. */
  probeRequest?: (authHeaders: Record<string, string>) => RequestSpec;
  /** XML carriers (Canada Post) get the body text as received; the default parses it as JSON first. */
  body?: 'json' | 'xml';
  parse: (body: unknown, ctx: ParseContext) => ParsedTracking;
}

interface ChunkOutcome {
  parsed: ParsedTracking;
  raw: RawResponse[];
}

function failed(error: TrackingFailure, raw: RawResponse[]): ChunkOutcome {
  return { parsed: { results: [], errors: [error] }, raw };
}

export function createCarrierClient(def: CarrierDefinition, options: CarrierClientOptions): CarrierClient {
  const redactor = createRedactor(Object.values(options.credentials));
  const deps: HttpDeps = { fetch: options.fetch, now: options.now, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, redactor, admit: options.admit };
  const { authorize, refused } = createAuthorizer(def.auth, def.credentialFields, options, deps);

  const parseExchange = (exchange: Extract<Exchange, { ok: true }>, numbers: string[]): ParsedTracking => {
    const json = def.body === 'xml' ? { ok: true as const, value: exchange.text } : parseJson(exchange.text);
    if (!json.ok) return { results: [], errors: [callFailure('bad_payload', 'invalid_json', `HTTP ${exchange.status}: body is not JSON`)] };
    try {
      return def.parse(json.value, { httpStatus: exchange.status, requested: numbers });
    } catch {
      // A mapper that chokes on an unexpected shape must not take the poller down with it.
      return { results: [], errors: [callFailure('bad_payload', 'unparseable', `HTTP ${exchange.status}: unexpected response shape`)] };
    }
  };

  const trackChunk = async (numbers: string[]): Promise<ChunkOutcome> => {
    const first = await authorize();
    if (!first.ok) return failed(first.failure, first.raw);
    const raw = [...first.raw];
    let exchange = await send(deps, def.trackRequest(numbers, first.headers));
    raw.push(...sent(exchange.raw));
    // An expired or revoked token is not the parcel's fault: refresh once and try again.
    if (!exchange.ok && exchange.raw?.httpStatus === 401 && refused(first.token)) {
      const second = await authorize();
      raw.push(...second.raw);
      if (!second.ok) return failed(second.failure, raw);
      exchange = await send(deps, def.trackRequest(numbers, second.headers));
      raw.push(...sent(exchange.raw));
      // The token endpoint has just accepted the credentials: a 401 on its new token is the carrier failing,
      // counted and backed off like a 5xx, not a refusal that stops the account until a person acts.
      if (!exchange.ok && exchange.failure.kind === 'auth') {
        return failed(callFailure('transient', 'token_refused', `a new token was refused: ${exchange.failure.message}`), raw);
      }
    }
    if (!exchange.ok) return failed(exchange.failure, raw);
    return { parsed: parseExchange(exchange, numbers), raw };
  };

  const track = async (trackingNumbers: string[]): Promise<TrackOutcome> => {
    const outcome: TrackOutcome = { results: [], errors: [], raw: [] };
    for (const numbers of batches(trackingNumbers, def.maxBatch)) {
      const part = await trackChunk(numbers);
      outcome.results.push(...part.parsed.results);
      outcome.raw.push(...part.raw);
      const errors = part.parsed.errors.map((error) => ({ ...attribute(error, numbers), message: redactor.redact(error.message) }));
      outcome.errors.push(...errors);
      // A carrier failing a whole request (down, hanging, refusing, limiting) would fail the next one too:
      // stop, so a hang costs one timeout, not one per parcel; the numbers not asked stay due.
      if (errors.some((error) => error.trackingNumber === null)) break;
    }
    return outcome;
  };

  const testConnection: CarrierClient['testConnection'] = async () => {
    const granted = await authorize();
    if (!granted.ok) return { ok: false, kind: granted.failure.kind, message: redactor.redact(granted.failure.message) };
    if (def.probeRequest === undefined) return { ok: true };
    const exchange = await send(deps, def.probeRequest(granted.headers));
    return exchange.ok ? { ok: true } : { ok: false, kind: exchange.failure.kind, message: exchange.failure.message };
  };

  return { carrier: def.carrier, maxBatch: def.maxBatch, track, testConnection };
}
