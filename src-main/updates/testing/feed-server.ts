import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Release {
  version: string;
  /** The installer's bytes as served; `sha512Of` is what the feed file claims (defaults to these bytes). */
  body: Buffer;
  sha512Of?: Buffer;
}

export interface FeedServer {
  url: string;
  /** Channel file names as requested, e.g. `latest-linux.yml`. */
  requested: string[];
  publish(channel: 'latest' | 'beta', release: Release | null): void;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export const fakeInstaller = (): Buffer => randomBytes(64 * 1024);

const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');

/** The channel file electron-builder writes next to each installer (latest-linux.yml and friends). */
function channelFile(release: Release, file: string): string {
  const hash = sha512(release.sha512Of ?? release.body);
  return [
    `version: ${release.version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${hash}`,
    `    size: ${release.body.length}`,
    `path: ${file}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-11-20T12:00:00.000Z'",
    '',
  ].join('\n');
}

/** A generic update feed on 127.0.0.1, as IT would host one on any static web server; `port` lets a test bring one back. */
export async function startFeedServer(port = 0): Promise<FeedServer> {
  const channels = new Map<string, Release>();
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
    const channelMatch = /^(latest|beta)(-[a-z0-9-]+)?\.yml$/.exec(path);
    if (channelMatch) {
      requested.push(path);
      const release = channels.get(channelMatch[1]);
      if (!release) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(channelFile(release, `waybill_${release.version}_amd64.deb`));
      return;
    }
    const release = [...channels.values()].find((r) => path === `waybill_${r.version}_amd64.deb`);
    if (!release) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': release.body.length }).end(release.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `http://127.0.0.1:${bound}/`,
    requested,
    publish: (channel, release) => (release ? channels.set(channel, release) : channels.delete(channel)),
    stop: async () => {
      server.closeAllConnections();
      await close();
    },
    close: async () => {
      if (server.listening) await close();
    },
  };
}
