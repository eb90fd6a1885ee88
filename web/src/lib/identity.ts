// The checks intake applies to who is asking (services/intake/src/intake/domain/submission.py
// and schemas.py), run as the clerk types so that a wrong digit is caught at the window. The
// API stays the authority: its own message replaces these when it refuses a registration.

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const IDENTITY_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const IDENTITY_CHECK = "10X98765432";

export const PHONE_PATTERN = /^\+?[0-9][0-9-]{5,19}$/;
export const IDENTITY_MESSAGE = "不是有效的公民身份号码（GB 11643 校验码不符）";
export const USCC_MESSAGE = "企业须填写有效的统一社会信用代码";
export const PHONE_MESSAGE = "联系电话格式不正确（6 至 20 位数字，可含“-”和开头的“+”）";

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character. */
export function validUscc(code: string): boolean {
  if (code.length !== 18 || [...code].some((ch) => !USCC_ALPHABET.includes(ch))) return false;
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (total % 31)) % 31] === code[17];
}

/** 公民身份号码 (GB 11643-1999): 17 digits (region, birth date, sequence) and a check
 * character modulo 11, X standing for 10; lower-case x counts, as the API upper-cases it. */
export function validIdentityNumber(typed: string): boolean {
  const number = typed.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return false;
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  const real =
    born.getUTCFullYear() === year && born.getUTCMonth() === month - 1 && born.getUTCDate() === day;
  if (!real || year < 1900) return false;
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += Number(number[i]) * IDENTITY_WEIGHTS[i]!;
  return IDENTITY_CHECK[total % 11] === number[17];
}
