import { upsMod10 } from './checksum';
import { one, type Rule } from './model';

const UPS_1Z = /^1Z[0-9A-Z]{15}\d$/;
/** Older UPS waybill: a service letter, 9 digits and a check digit (tracking_number_data `ups-waybill`). */
const UPS_WAYBILL = /^[AHJKTV]\d{10}$/;

/** 1Z + shipper (6) + service (2) + package (7) + check digit, computed over the 15 characters after 1Z. */
export const isUps1z = (s: string): boolean => UPS_1Z.test(s) && upsMod10(s.slice(2));

export const ups1z: Rule = ({ alnum }) => (isUps1z(alnum) ? one('ups', alnum, 'ups_1z') : []);

export const upsWaybill: Rule = ({ alnum }) => (UPS_WAYBILL.test(alnum) && upsMod10(alnum.slice(1)) ? one('ups', alnum, 'ups_waybill') : []);
