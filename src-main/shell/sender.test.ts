import { describe, expect, it } from 'vitest';
import { RENDERER_URL } from './app-url';
import { isTrustedSender } from './sender';

const app = RENDERER_URL;

describe('isTrustedSender', () => {
  it.each([
    ['our page, top frame', { url: app, isTopFrame: true }, true],
    ['our page with a fragment', { url: `${app}#reconcile`, isTopFrame: true }, true],
    ['our page inside an iframe', { url: app, isTopFrame: false }, false],
    ['another local file', { url: 'file:///tmp/evil.html', isTopFrame: true }, false],
    ['the build opened from disk', { url: 'file:///opt/Waybill/resources/app.asar/dist/renderer/index.html', isTopFrame: true }, false],
    ['another app:// host', { url: 'app://other/index.html', isTopFrame: true }, false],
    ['a remote page', { url: 'https://example.com/index.html', isTopFrame: true }, false],
    ['no frame (destroyed)', null, false],
    ['garbage url', { url: 'not a url', isTopFrame: true }, false],
  ])('%s → %s', (_name, frame, trusted) => {
    expect(isTrustedSender(frame, app)).toBe(trusted);
  });
});
