import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { EVENT_NAMES } from '../../src-shared/api';
import type { Core } from '../core';
import { actorLabel } from '../dispatch/actor';
import { EXPORT_CONTENT_TYPES, isExportFileName } from '../exports/file-name';
import { consoleLogger, type Logger } from '../platform/ports';
import { CONTENT_SECURITY_POLICY } from '../shell/csp';
import { RENDERER_MIME } from '../platform/renderer-files';

export interface WebHost {
  url: string;
  /** The address to open: carries the per-run token once; the page moves it out of the address bar. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  core: Pick<Core, 'dispatchUntrusted' | 'events'>;
  staticDir: string;
  /** Where a request that fails unexpectedly is reported; the host answers 500 and keeps serving. */
  logger?: Pick<Logger, 'error'>;
  port?: number;
  token?: string;
  /** Finished exports (`<dataDir>/exports`) the page may download; without it there is no download route. */
  exportsDir?: string;
}

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

  const logger = options.logger ?? consoleLogger;
  // Last resort: a handler that throws answers 500 and the host keeps serving everyone else.
  const guarded =
    (handle: (req: IncomingMessage, res: ServerResponse) => unknown) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const fail = (error: unknown) => {
        logger.error(`web host: ${req.method} request failed`, error);
        if (!res.headersSent) reply(res, 500, 'Internal error');
        else res.destroy();
      };
      try {
        const result = handle(req, res);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };

  const server = createServer(
    guarded((req, res) => {
      // DNS rebinding and cross-site requests: only our own host and origin are served.
      if (!allowedHosts.has(req.headers.host ?? '')) return reply(res, 421, 'Unknown host');
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && !allowedHosts.has(requestOrigin.replace(/^http:\/\//, ''))) {
        return reply(res, 403, 'Foreign origin');
      }
      let url: URL;
      try {
        url = new URL(req.url ?? '/', origin);
      } catch {
        return reply(res, 400, 'Bad request path');
      }
      if (url.pathname === '/api/invoke') return handleInvoke(req, res);
      if (url.pathname === '/api/events') return handleEvents(url, req, res);
      if (url.pathname.startsWith('/api/exports/')) return handleExportDownload(url, req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
      return serveStatic(options.staticDir, url.pathname, res);
    }),
  );
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
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
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (res.writableEnded) return;
      const message = readInvokeMessage(Buffer.concat(chunks).toString('utf8'));
      if (!message.ok) return sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: message.error } });
      const { method, arg, operator, station } = message.value;
      // Through a promise so a dispatch that throws at once is caught like one that rejects.
      Promise.resolve()
        .then(() => options.core.dispatchUntrusted(method, arg, { transport: 'web', operator, station }))
        .then((envelope) => sendJson(res, 200, envelope))
        .catch((error: unknown) => {
          logger.error(`web host: ${method} failed outside the dispatcher`, error);
          sendJson(res, 500, { ok: false, error: { code: 'internal', message: `${method} failed unexpectedly; see the application log.` } });
        });
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
    const keepAlive = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, 25_000);
    keepAlive.unref();
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
    pipeFile(file, res);
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

/** The body of `POST /api/invoke`: `{ method, arg?, operator?, station? }`, method a string. */
export function readInvokeMessage(
  text: string,
): { ok: true; value: { method: string; arg: unknown; operator?: string; station?: string } } | { ok: false; error: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Request body is not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, error: 'Request body must be an object with a method' };
  const { method, arg, operator, station } = message as Record<string, unknown>;
  if (typeof method !== 'string') return { ok: false, error: 'method must be a string' };
  return { ok: true, value: { method, arg, operator: actorLabel(operator), station: actorLabel(station) } };
}

function serveStatic(root: string, pathname: string, res: ServerResponse) {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return reply(res, 400, 'Bad request path');
  }
  const relative = normalize(decoded);
  const file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return reply(res, 404, 'Not found');
  res.writeHead(200, {
    'content-type': RENDERER_MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  pipeFile(file, res);
}

/** A file that vanishes or cannot be read mid-response ends that response, not the host. */
function pipeFile(file: string, res: ServerResponse) {
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function reply(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
