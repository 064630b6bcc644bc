import { mod7 } from './checksum';
import { one, type Rule } from './model';

/** Express waybill: 9 or 10 digits + mod 7 check digit. */
const EXPRESS = /^\d{10,11}$/;
/** Express piece ids (licence plates): JJD + 10 or 18 digits, JVGL + 10; they carry no check digit. */
const PIECE_ID = /^(JJD(\d{10}|\d{18})|JVGL\d{10})$/;
/** eCommerce: GM + 16-20 characters, starting with a digit so runs of letters are not taken. */
const ECOMMERCE_GM = /^GM\d[0-9A-Z]{15,19}$/;
/** eCommerce 14-digit, no check digit. */
const ECOMMERCE_14 = /^\d{14}$/;

export const dhlExpress: Rule = ({ alnum }) => (EXPRESS.test(alnum) && mod7(alnum) ? one('dhl', alnum, 'dhl_express') : []);

export const dhlPieceId: Rule = ({ alnum }) => (PIECE_ID.test(alnum) ? one('dhl', alnum, 'dhl_piece_id') : []);

export const dhlEcommerce: Rule = ({ alnum }) => (ECOMMERCE_GM.test(alnum) ? one('dhl', alnum, 'dhl_ecommerce') : []);

export const dhlEcommerce14: Rule = ({ alnum }) => (ECOMMERCE_14.test(alnum) ? one('dhl', alnum, 'dhl_ecommerce_14') : []);
