/**
 * Service codes as people say them. Platforms and carriers store services as codes (`ground_advantage`,
 * `2day`); every screen, report and export shows the carrier's own marketing name instead.
 */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['ground', 'Ground'],
  ['2nd_day_air', '2nd Day Air'],
  ['next_day_air', 'Next Day Air'],
  ['next_day_air_saver', 'Next Day Air Saver'],
  ['3_day_select', '3 Day Select'],
  ['2day', '2Day'],
  ['express_saver', 'Express Saver'],
  ['priority_overnight', 'Priority Overnight'],
  ['standard_overnight', 'Standard Overnight'],
  ['home_delivery', 'Home Delivery'],
  ['ground_advantage', 'Ground Advantage'],
  ['priority_mail', 'Priority Mail'],
  ['priority_mail_express', 'Priority Mail Express'],
  ['express_worldwide', 'Express Worldwide'],
  ['ecommerce', 'eCommerce'],
]);

/** A known code by its name; any other code word by word, each capitalised (`media_mail` → `Media Mail`). */
export function serviceLabel(code: string | null | undefined): string {
  if (!code) return '';
  const key = code.trim().toLowerCase();
  return (
    NAMES.get(key) ??
    key
      .split(/[_\s]+/)
      .filter(Boolean)
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(' ')
  );
}
