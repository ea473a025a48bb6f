/** Primary weight of a name character in Unicode's default collation: `_` < `-` < digits < letters. */
function weight(code: number): number {
  if (code === 95) return 0; // _
  if (code === 45) return 1; // -
  if (code >= 48 && code <= 57) return 2 + code - 48; // 0-9
  if (code >= 97 && code <= 122) return 12 + code - 97; // a-z
  if (code >= 65 && code <= 90) return 12 + code - 65; // A-Z, same letter as its lowercase
  return -1;
}

/**
 * Order names (services, volumes, builds, settings, secrets) the way Unicode's default collation orders
 * them in English: letters case-insensitively first, `_` and `-` before digits and letters, then lowercase
 * before uppercase. Fixed, so generated files list names the same on every machine whatever its locale,
 * and without loading ICU's collator (several milliseconds at the start of every command). Names with
 * other characters fall back to English collation.
 */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let tertiary = 0;
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const wx = weight(x);
    const wy = weight(y);
    if (wx < 0 || wy < 0) return a.localeCompare(b, 'en');
    if (wx !== wy) return wx - wy;
    // The same letter in another case: decides only if nothing else does (lowercase first).
    if (tertiary === 0) tertiary = x > y ? -1 : 1;
  }
  for (let i = length; i < Math.max(a.length, b.length); i++) {
    if (weight((a.length > b.length ? a : b).charCodeAt(i)) < 0) return a.localeCompare(b, 'en');
  }
  return a.length - b.length || tertiary;
}
