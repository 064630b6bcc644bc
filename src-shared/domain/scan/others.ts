import { gs1Mod10, upsMod10 } from './checksum';
import { one, type Rule } from './model';

/** Amazon Logistics: TBA, TBC or TBM + 12 digits; no check digit. */
const AMAZON_TBA = /^TB[ACM]\d{12}$/;
/** Amazon international: C + 10 digits; no check digit. */
const AMAZON_INTL = /^C\d{10}$/;
const CANADA_POST_16 = /^\d{16}$/;
/** OnTrac: C or D + 13 digits + check digit over the letter and digits, UPS style. */
const ONTRAC = /^[CD]\d{14}$/;
/** LaserShip: L + letter + 8 digits, the first not 0 or 9. */
const LASERSHIP_L = /^L[A-Z][1-8]\d{7}$/;
const LASERSHIP_1LS7 = /^1LS7[12]\d{10}$/;
const LASERSHIP_1LSCX = /^1LSCX[0-9A-Z]{10}$/;
/** The 18-character 1LS7 form keeps its `-1` piece suffix, so it is read from the punctuated text. */
const LASERSHIP_1LS7_PIECE = /^1LS7[12]\d{2}01[1-4]\d{6}-1$/;

export const amazon: Rule = ({ alnum }) =>
  AMAZON_TBA.test(alnum) ? one('amazon', alnum, 'amazon_tba') : AMAZON_INTL.test(alnum) ? one('amazon', alnum, 'amazon_international') : [];

export const canadaPost: Rule = ({ alnum }) => (CANADA_POST_16.test(alnum) && gs1Mod10(alnum) ? one('canada_post', alnum, 'canada_post_16') : []);

export const ontrac: Rule = ({ alnum }) => (ONTRAC.test(alnum) && upsMod10(alnum) ? one('ontrac', alnum, alnum.startsWith('C') ? 'ontrac_c' : 'ontrac_d') : []);

export const lasership: Rule = ({ alnum, compact }) => {
  if (LASERSHIP_L.test(alnum)) return one('lasership', alnum, 'lasership_l');
  if (LASERSHIP_1LS7.test(alnum)) return one('lasership', alnum, 'lasership_1ls7');
  if (LASERSHIP_1LSCX.test(alnum)) return one('lasership', alnum, 'lasership_1lscx');
  return LASERSHIP_1LS7_PIECE.test(compact) ? one('lasership', compact, 'lasership_1ls7_piece') : [];
};
