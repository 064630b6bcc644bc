import { ZONE_ABBREVIATIONS } from '../../../src-shared/domain/tracking/time';
import type { FakeCarrierSpec, FakeEvent, FakeParcel, FakeResponse } from '../fake-server/model';
import { basicCredentials, latest, localTime, newestFirst, offsetMinutes } from '../fake-server/model';

const DETAIL_PATH = /^\/vis\/track\/pin\/([^/]+)\/detail$/;
const TRACK_NS = 'http://www.canadapost.ca/ws/track';
const MESSAGES_NS = 'http://www.canadapost.ca/ws/messages';

/** Canada Post names the zone (EST, PDT) instead of giving an offset: the first name the parser knows for each offset. */
const ZONE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(ZONE_ABBREVIATIONS)
    .reverse()
    .map(([name, minutes]) => [minutes, name]),
);

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xml(status: number, body: string, contentType: string): FakeResponse {
  return { status, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, headers: { 'Content-Type': contentType } };
}

/** The messages envelope every Canada Post error comes in. */
function messages(status: number, code: string, description: string): FakeResponse {
  return xml(
    status,
    `<messages xmlns="${MESSAGES_NS}"><message><code>${code}</code><description>${escape(description)}</description></message></messages>`,
    'application/vnd.cpc.messages+xml',
  );
}

function occurrence(event: FakeEvent): string {
  // An offset without a North American zone name is given in UTC, which Canada Post also prints.
  const zone = ZONE_NAMES.get(offsetMinutes(event.location?.utcOffset));
  const local = localTime(zone ? event : { ...event, location: { ...event.location, utcOffset: '+00:00' } });
  return `
    <occurrence>
      <event-identifier>${escape(event.code)}</event-identifier>
      <event-date>${local.date}</event-date>
      <event-time>${local.time}</event-time>
      <event-time-zone>${zone ?? 'UTC'}</event-time-zone>
      <event-description>${escape(event.description)}</event-description>
      <event-site>${escape(event.location?.city ?? '')}</event-site>
      <event-province>${escape(event.location?.state ?? '')}</event-province>
    </occurrence>`;
}

function detail(parcel: FakeParcel): string {
  return `<tracking-detail xmlns="${TRACK_NS}">
  <pin>${escape(parcel.trackingNumber)}</pin>
  <expected-delivery-date/>
  <changed-expected-date/>
  <service-name>Expedited Parcels</service-name>
  <significant-events>${newestFirst(parcel).map(occurrence).join('')}
  </significant-events>
</tracking-detail>`;
}

/** Canada Post tracking details: one pin per GET, HTTP Basic, XML both ways. */
export function createCanadaPostSpec(): FakeCarrierSpec {
  return {
    keyCredentials: (req) => {
      const basic = basicCredentials(req);
      return basic ? { username: basic.user, password: basic.password } : null;
    },
    track: {
      method: 'GET',
      matches: (path) => DETAIL_PATH.test(path),
      numbers: (req) => [decodeURIComponent(DETAIL_PATH.exec(req.path)?.[1] ?? '')],
      render: (_req, [parcel]) =>
        latest(parcel) === undefined ? messages(404, '004', 'No Pin History') : xml(200, detail(parcel), 'application/vnd.cpc.track-v2+xml'),
    },
    unauthorized: () => messages(401, 'E002', 'AAA Authentication Failure'),
    rateLimited: () => messages(429, 'Server', 'Rejected by SLM Monitor'),
    serverError: () => messages(500, 'Server', 'Internal server error'),
  };
}
