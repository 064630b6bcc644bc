import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_MIME } from '../platform/renderer-files';

/** The renderer is served from `app://waybill/…`, so packaged builds can turn off file:// privileges. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'waybill';
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The file of the renderer build an `app://waybill/…` address names, or null: never a path outside `root`. */
export function rendererFileFor(urlText: string, root: string): { path: string; mime: string } | null {
  let url: URL;
  let pathname: string;
  try {
    url = new URL(urlText);
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || pathname.includes('\0')) return null;
  const path = join(root, normalize(pathname === '/' ? '/index.html' : pathname));
  if (!path.startsWith(root + sep)) return null;
  const mime = RENDERER_MIME[extname(path)];
  return mime ? { path, mime } : null;
}
