import { gs1Mod10 } from './checksum';
import { one, type Reading, type Rule } from './model';

/** IMpb package identification code: channel AI 91-95 + 20 digits, or 92-95 + 24 (9-digit MID, 11 serial). */
const PIC_22 = /^9[1-5]\d{20}$/;
const PIC_26 = /^9[2-5]\d{24}$/;
const D20 = /^\d{20}$/;
const ROUTED = /^420\d{27,35}$/;

/** GS1 AI 420 + a 5- or 9-digit ZIP and nothing else: the postal routing barcode, not a package. */
export const ROUTING_ONLY = /^420(\d{5}|\d{9})$/;

function readPic(d: string): Reading[] {
  if ((PIC_22.test(d) || PIC_26.test(d)) && gs1Mod10(d)) {
    return one('usps', d, d.startsWith('91') ? 'usps_legacy' : 'usps_impb');
  }
  return [];
}

export const uspsPic: Rule = ({ alnum }) => readPic(alnum);

/** 20-digit numbers (Certified Mail and the like): checked as is, or with the legacy AI 91 they imply. */
export const usps20: Rule = ({ alnum }) => {
  if (!D20.test(alnum)) return [];
  if (gs1Mod10(alnum)) return one('usps', alnum, 'usps_20');
  return gs1Mod10('91' + alnum) ? one('usps', alnum, 'usps_legacy') : [];
};

/** 420 + ZIP5 or ZIP9 + PIC with the FNC1 after the ZIP dropped: try both splits, keep those whose PIC checks. */
export const uspsRouted: Rule = ({ alnum }) => (ROUTED.test(alnum) ? [...readPic(alnum.slice(8)), ...readPic(alnum.slice(12))] : []);
