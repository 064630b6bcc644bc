import { ApiError } from '../../src-shared/api/envelope';
import { CARRIER_LABELS, TRACKING_ACCOUNTS } from '../../src-shared/domain/tracking/carriers';
import { CARRIER_MANIFESTS } from '../carriers/registry';
import type { HandlersFor } from '../dispatch/handlers';
import type { Clock, Logger } from '../platform/ports';
import type { Accounts } from './accounts';
import { carrierUrlProblem, credentialDestination } from './destination';
import type { Poller } from './poller';
import type { PollGate } from './service';

export interface TrackingHandlerDeps {
  accounts: Accounts;
  poller: Poller;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  /** On a hub, which accounts this station polls; null alone. */
  gate: () => PollGate | null;
}

export function trackingHandlers(deps: TrackingHandlerDeps): HandlersFor<'carriers' | 'tracking'> {
  const { accounts, poller } = deps;
  const healthOf = (carrier: string) => {
    const found = poller.health().find((h) => h.carrier === carrier);
    if (!found) throw new ApiError('not_found', `No carrier account ${carrier}`);
    return found;
  };
  return {
    'carriers.list': () => poller.health(),
    'carriers.save': async (arg) => {
      await accounts.save(arg);
      // New credentials lift a credentials stop; settings saved around the refused ones keep it.
      poller.resume(arg.carrier, { keepAuthStop: arg.credentials === undefined });
      return healthOf(arg.carrier);
    },
    'carriers.testConnection': async ({ carrier, environment, baseUrl: typedUrl, credentials: typed }) => {
      const saved = accounts.list().find((a) => a.carrier === carrier);
      if (!saved) return { ok: false, message: 'Enter credentials first.' };
      const manifest = CARRIER_MANIFESTS[carrier];
      const env = environment ?? saved.environment;
      const baseUrl =
        env === 'custom'
          ? (typedUrl ?? (saved.environment === 'custom' ? saved.baseUrl : ''))
          : env === 'sandbox'
            ? manifest.sandboxUrl
            : manifest.productionUrl;
      const typedAll = typed && manifest.credentialFields.every((f) => typed[f]);
      if (typed && !typedAll) return { ok: false, message: `Type every credential to test them (${manifest.credentialFields.join(', ')}).` };
      // Saved credentials go only where they were saved to; for a new address they must be typed.
      const sameDestination =
        credentialDestination(saved.environment, saved.environment === 'custom' ? saved.baseUrl : null) ===
        credentialDestination(env, env === 'custom' ? baseUrl : null);
      const credentials = typedAll ? typed : sameDestination ? await accounts.credentials(carrier) : null;
      if (!credentials)
        return { ok: false, message: sameDestination ? 'Enter the credentials first.' : 'Type the credentials to test them against this address.' };
      const urlProblem = carrierUrlProblem(baseUrl);
      if (urlProblem) return { ok: false, message: `Not sent: ${urlProblem}.` };
      const account = { ...saved, environment: env, baseUrl };
      const client = CARRIER_MANIFESTS[carrier].create({
        baseUrl: account.baseUrl,
        credentials,
        fetch: deps.fetch,
        now: deps.clock.now,
        admit: poller.admitFor(account),
      });
      const result = await client.testConnection();
      if (result.ok) poller.credentialsAccepted(carrier);
      return result.ok
        ? { ok: true, message: `${CARRIER_LABELS[carrier]} accepted the credentials.` }
        : { ok: false, message: `${result.kind}: ${result.message}` };
    },
    'carriers.resume': ({ carrier }) => {
      poller.resume(carrier);
      return healthOf(carrier);
    },
    'tracking.refresh': async (arg) => {
      const { accounts: asked, ...counts } = arg.shipmentIds
        ? poller.queue(arg.shipmentIds)
        : { queued: poller.queueCarrier(arg.carrier!), unpolled: 0, accounts: [arg.carrier!] };
      const gate = deps.gate();
      // On a hub the parcels are marked due here and replicate: the station polling each account asks about them
      // at once, so two stations never poll one account, and the answer comes back through the hub.
      const polled = gate ? new Set(TRACKING_ACCOUNTS.filter((a) => gate.polls(a))) : undefined;
      if (!polled || polled.size) void poller.runOnce(polled).catch((error: unknown) => deps.logger.error('refresh poll failed', error));
      const elsewhere = gate && counts.queued ? asked.filter((a) => !gate.polls(a)) : [];
      return { ...counts, elsewhere: elsewhere.map((carrier) => ({ carrier, label: CARRIER_LABELS[carrier], station: gate?.polledBy(carrier) ?? null })) };
    },
  };
}
