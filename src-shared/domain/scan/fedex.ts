import { fedexMod11, gs1Mod10 } from './checksum';
import { one, type Rule } from './model';

const D12 = /^\d{12}$/;
const D15 = /^\d{15}$/;
const D18 = /^\d{18}$/;
const GROUND_96 = /^96\d{20}$/;
const D32 = /^\d{32}$/;
const D34 = /^\d{34}$/;

export const isFedex12 = (s: string): boolean => D12.test(s) && fedexMod11(s);

export const fedexExpress12: Rule = ({ alnum }) => (isFedex12(alnum) ? one('fedex', alnum, 'fedex_12') : []);

export const fedexGround15: Rule = ({ alnum }) => (D15.test(alnum) && gs1Mod10(alnum) ? one('fedex', alnum, 'fedex_ground') : []);

/** FedEx Ground SSCC-18: container type (2) + serial (15) + GS1 check digit. */
export const fedexSscc18: Rule = ({ alnum }) => (D18.test(alnum) && gs1Mod10(alnum) ? one('fedex', alnum, 'fedex_sscc18') : []);

/** 96 + SCNC (2) + service (3) + the 15-digit Ground number; FedEx tracks either, the 15 is what it prints. */
export const fedexGround96: Rule = ({ alnum }) => {
  if (!GROUND_96.test(alnum) || !gs1Mod10(alnum.slice(7))) return [];
  const format = 'fedex_ground_96';
  return [
    [
      { carrier: 'fedex', trackingNumber: alnum.slice(7), format },
      { carrier: 'fedex', trackingNumber: alnum, format },
    ],
  ];
};

/** ASTRA 32-digit barcode: the 12-digit tracking number sits at digits 17-28; the whole barcode is listed too. */
export const fedexAstra32: Rule = ({ alnum }) => {
  if (!D32.test(alnum) || !fedexMod11(alnum.slice(16, 28))) return [];
  const format = 'fedex_astra_32';
  return [
    [
      { carrier: 'fedex', trackingNumber: alnum.slice(16, 28), format },
      { carrier: 'fedex', trackingNumber: alnum, format },
    ],
  ];
};

/** 34-digit Express / Ground GSN barcode: the tracking number is the last 12 digits. */
export const fedex34: Rule = ({ alnum }) =>
  D34.test(alnum) && fedexMod11(alnum.slice(22)) ? one('fedex', alnum.slice(22), alnum.startsWith('96') ? 'fedex_ground_gsn' : 'fedex_34') : [];
