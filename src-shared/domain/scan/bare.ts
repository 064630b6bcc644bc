import { dhlEcommerce, dhlEcommerce14, dhlExpress, dhlPieceId } from './dhl';
import { fedex34, fedexAstra32, fedexExpress12, fedexGround15, fedexGround96, fedexSscc18 } from './fedex';
import type { Reading, Rule, Token } from './model';
import { amazon, canadaPost, lasership, ontrac } from './others';
import { s10 } from './s10';
import { ups1z, upsWaybill } from './ups';
import { usps20, uspsPic, uspsRouted } from './usps';

/** Every rule, in the order readings are offered: 420-routed USPS comes before FedEx 34, its only overlap. */
const RULES: readonly Rule[] = [
  ups1z,
  uspsRouted,
  uspsPic,
  usps20,
  fedex34,
  fedexAstra32,
  fedexGround96,
  fedexExpress12,
  fedexGround15,
  fedexSscc18,
  s10,
  dhlExpress,
  dhlPieceId,
  dhlEcommerce,
  dhlEcommerce14,
  canadaPost,
  amazon,
  ontrac,
  lasership,
  upsWaybill,
];

/** All readings of one bare number (no separators, no 2D envelope). */
export function readNumber(token: Token): Reading[] {
  const readings: Reading[] = [];
  for (const rule of RULES) readings.push(...rule(token));
  return readings;
}
