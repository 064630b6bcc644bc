/** Only our own top-level page may call the core: not iframes, not a page the window was navigated to. */
export function isTrustedSender(frame: { url: string; isTopFrame: boolean } | null, rendererUrl: string): boolean {
  if (!frame || !frame.isTopFrame) return false;
  try {
    const url = new URL(frame.url);
    const expected = new URL(rendererUrl);
    return url.protocol === expected.protocol && url.host === expected.host && url.pathname === expected.pathname;
  } catch {
    return false;
  }
}
