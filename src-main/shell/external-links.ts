/** The carriers' public tracking sites: the only places a link in the console may open in the user's browser. */
const TRACKING_HOSTS = ['ups.com', 'fedex.com', 'usps.com', 'dhl.com', 'canadapost-postescanada.ca', 'canadapost.ca', 'auspost.com.au', 'easypost.com'];

/** https on a known carrier host (or a subdomain of one); no credentials, no other port. */
export function isCarrierTrackingUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return TRACKING_HOSTS.some((known) => host === known || host.endsWith(`.${known}`));
}
