import { describe, expect, it } from 'vitest';
import { rendererFileFor } from './app-url';

const ROOT = '/opt/waybill/resources/app.asar/dist/renderer';

describe('item 16: the renderer is served from app:// and never outside its folder', () => {
  it.each([
    ['app://waybill/index.html', `${ROOT}/index.html`],
    ['app://waybill/', `${ROOT}/index.html`],
    ['app://waybill/assets/index-B7lh8qLT.js', `${ROOT}/assets/index-B7lh8qLT.js`],
    ['app://waybill/../../../etc/passwd', null],
    // Dot segments are resolved against the root: the path stays inside the build folder.
    ['app://waybill/%2e%2e/%2e%2e/etc/passwd.html', `${ROOT}/etc/passwd.html`],
    ['app://waybill/%E0%A4%A', null],
    ['app://waybill/index.html%00.js', null],
    ['app://other/index.html', null],
    ['file:///opt/waybill/resources/app.asar/dist/renderer/index.html', null],
    ['app://waybill/secrets.json.damaged', null],
  ])('%s → %s', (url, path) => {
    expect(rendererFileFor(url, ROOT)?.path ?? null).toBe(path);
  });
});
