import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { EVENT_NAMES } from '../../src-shared/api';
import type { Core } from '../core';
import { EXPORT_CONTENT_TYPES, isExportFileName } from '../exports/file-name';
import { CONTENT_SECURITY_POLICY } from '../shell/csp';

export interface WebHost {
  url: string;
  /** The address to open: carries the per-run token once; the page moves it out of the address bar. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  staticDir: string;
  port?: number;
  token?: string;
  /** Finished exports (`<dataDir>/exports`) the page may download; without it there is no download route. */
  exportsDir?: string;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const MAX_BODY_BYTES = 1_000_000;

/** Browser mode: the same dispatcher over loopback HTTP, for machines without an Electron runtime. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  const allowedHosts = new Set<string>();

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((req, res) => {
    // DNS rebinding and cross-site requests: only our own host and origin are served.
    if (!allowedHosts.has(req.headers.host ?? '')) return reply(res, 421, 'Unknown host');
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedHosts.has(requestOrigin.replace(/^http:\/\//, ''))) {
      return reply(res, 403, 'Foreign origin');
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/api/invoke') return handleInvoke(req, res);
    if (url.pathname === '/api/events') return handleEvents(url, req, res);
    if (url.pathname.startsWith('/api/exports/')) return handleExportDownload(url, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
    return serveStatic(options.staticDir, url.pathname, res);
  });

  const handleInvoke = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return reply(res, 405, 'Method not allowed');
    if (!tokenMatches(req.headers.authorization?.replace(/^Bearer /, ''))) return reply(res, 401, 'Missing or wrong token');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(res, 415, 'JSON only');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(res, 413, 'Request too large');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      let message: { method?: unknown; arg?: unknown; operator?: unknown; station?: unknown };
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'Request body is not JSON' } });
      }
      const envelope = await options.core.dispatch(String(message.method), message.arg, {
        transport: 'web',
        operator: typeof message.operator === 'string' ? message.operator.slice(0, 80) : undefined,
        station: typeof message.station === 'string' ? message.station.slice(0, 80) : undefined,
      });
      sendJson(res, 200, envelope);
    });
  };

  const handleEvents = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    // EventSource cannot set headers, so the stream takes the token as a query parameter.
    if (!tokenMatches(url.searchParams.get('token'))) return reply(res, 401, 'Missing or wrong token');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.core.events.subscribe((name, payload) => {
      if (EVENT_NAMES.includes(name)) res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  };

  // A link cannot carry headers, so a download takes the token as a query parameter, like the event stream.
  const handleExportDownload = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
    if (!tokenMatches(url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, ''))) return reply(res, 401, 'Missing or wrong token');
    if (!options.exportsDir) return reply(res, 404, 'Not found');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice('/api/exports/'.length));
    } catch {
      return reply(res, 400, 'Bad file name');
    }
    // Only names the exports service makes: no separators, no "..", so the path cannot leave the folder.
    if (!isExportFileName(name)) return reply(res, 404, 'Not found');
    const file = join(options.exportsDir, name);
    if (!file.startsWith(options.exportsDir + sep) || !existsSync(file) || !statSync(file).isFile()) return reply(res, 404, 'Not found');
    res.writeHead(200, {
      'content-type': EXPORT_CONTENT_TYPES[extname(name).slice(1)],
      'content-length': statSync(file).size,
      'content-disposition': `attachment; filename="${name}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts.add(`127.0.0.1:${port}`).add(`localhost:${port}`);

  return {
    url: origin,
    launchUrl: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveStatic(root: string, pathname: string, res: ServerResponse) {
  const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  const file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return reply(res, 404, 'Not found');
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}

function reply(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
