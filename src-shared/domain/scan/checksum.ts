/** Check-digit algorithms; each takes the full number (check digit last) and says whether it holds. */

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** UPS-style letter value: digits as-is, letters (code point - 3) mod 10 (A=2, B=3, ... as UPS 1Z defines). */
const upsValue = (s: string, i: number): number => {
  const code = s.charCodeAt(i);
  return code <= 57 ? code - 48 : (code - 3) % 10;
};

/** GS1 mod 10: weight 3 on the digit next to the check digit, then 1, 3, ... (USPS, FedEx Ground, Canada Post). */
export function gs1Mod10(s: string): boolean {
  let sum = 0;
  let weight = 3;
  for (let i = s.length - 2; i >= 0; i--) {
    sum += digitAt(s, i) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10 === digitAt(s, s.length - 1);
}

/** Weights 1, 2, 1, 2 ... from the left with letters converted (UPS 1Z body, UPS waybill, OnTrac). */
export function upsMod10(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length - 1; i++) sum += upsValue(s, i) * (i % 2 === 0 ? 1 : 2);
  return (10 - (sum % 10)) % 10 === digitAt(s, s.length - 1);
}

const FEDEX_WEIGHTS = [3, 1, 7];

/** FedEx Express 12: weights 3, 1, 7 repeating from the left over 11 digits, sum mod 11 mod 10. */
export function fedexMod11(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digitAt(s, i) * FEDEX_WEIGHTS[i % 3];
  return (sum % 11) % 10 === digitAt(s, 11);
}

/** DHL Express: the serial read as one number, mod 7 (done digit by digit to stay exact past 2^53). */
export function mod7(s: string): boolean {
  let rest = 0;
  for (let i = 0; i < s.length - 1; i++) rest = (rest * 10 + digitAt(s, i)) % 7;
  return rest === digitAt(s, s.length - 1);
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** UPU S10 on the 9 digits: weights 8 6 4 2 3 5 9 7 mod 11; remainder 1 gives 0 and remainder 0 gives 5. */
export function s10Mod11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += digitAt(digits, i) * S10_WEIGHTS[i];
  const r = sum % 11;
  const check = r === 1 ? 0 : r === 0 ? 5 : 11 - r;
  return check === digitAt(digits, 8);
}
