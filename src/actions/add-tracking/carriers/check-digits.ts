// Check-digit algorithms of the tracking number formats in this folder. Each takes
// the whole number (or the part that carries the check digit) and answers whether
// its last character is the right check digit. Pure string arithmetic: no Node APIs.

function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/** GS1 mod 10 (weights 3, 1, 3 … from the rightmost payload digit), used by USPS, Canada Post, FedEx Ground and SSCCs. */
export function gs1Mod10(s: string): boolean {
  let total = 0;
  for (let i = s.length - 2, w = 3; i >= 0; i--, w = 4 - w) total += digitAt(s, i) * w;
  return (10 - (total % 10)) % 10 === digitAt(s, s.length - 1);
}

// UPS's letter values (A=2 … H=9, I=0 …), as in UPS's and OnTrac's published check.
function upsValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : (code - 3) % 10;
}

/** UPS mod 10: every second character (from the left) doubled, no digit sums; `payload` then `check`. */
export function upsMod10(payload: string, check: string): boolean {
  let total = 0;
  for (let i = 0; i < payload.length; i++) total += upsValue(payload.charAt(i)) * (i % 2 === 1 ? 2 : 1);
  return String((10 - (total % 10)) % 10) === check;
}

/** FedEx mod 11 (weights 1, 3, 7 … from the rightmost payload digit, sum mod 11 mod 10). */
export function fedexMod11(s: string): boolean {
  const weights = [1, 3, 7] as const;
  let total = 0;
  for (let i = s.length - 2, k = 0; i >= 0; i--, k++) total += digitAt(s, i) * weights[k % 3]!;
  return (total % 11) % 10 === digitAt(s, s.length - 1);
}

/** Luhn (ISO/IEC 7812), used by Purolator and Old Dominion. */
export function luhn(s: string): boolean {
  let total = 0;
  for (let i = s.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digitAt(s, i);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    total += d;
  }
  return total % 10 === 0;
}

/** Mod 7: the payload read as a number, modulo 7, is the last digit (DHL Express waybills). */
export function mod7(s: string): boolean {
  let r = 0;
  for (let i = 0; i < s.length - 1; i++) r = (r * 10 + digitAt(s, i)) % 7;
  return r === digitAt(s, s.length - 1);
}

/** UPU S10 mod 11 over the 8 serial digits (weights 8 6 4 2 3 5 9 7; 10 → 0, 11 → 5); `digits` is the 9 digits. */
export function s10Mod11(digits: string): boolean {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7] as const;
  let total = 0;
  for (let i = 0; i < 8; i++) total += digitAt(digits, i) * weights[i]!;
  const check = 11 - (total % 11);
  return (check === 10 ? 0 : check === 11 ? 5 : check) === digitAt(digits, 8);
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO/IEC 7064 MOD 37,36 (DPD's parcel label check character over its digits). */
export function iso7064Mod3736(payload: string, check: string): boolean {
  let p = 36;
  for (let i = 0; i < payload.length; i++) {
    let s = p + ALPHANUMERIC.indexOf(payload.charAt(i));
    if (s > 36) s -= 36;
    p = (s * 2) % 37;
  }
  return ALPHANUMERIC.charAt((37 - p) % 36) === check;
}
