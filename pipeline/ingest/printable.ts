/**
 * Text from a file, made safe to print in a message (docs/gate.md: a message never contains raw
 * control bytes). A header read in the wrong encoding — UTF-16 taken for GBK, a binary file —
 * holds NULs and other control characters: written raw to a terminal they cut the message short,
 * beep, or move the cursor; in quality.json and on the site they are invisible. Each becomes a
 * visible sign: C0 controls their Unicode "control picture" (NUL → ␀, ESC → ␛), other invisible or
 * direction-changing characters `<U+XXXX>`. Line breaks and tabs are kept: messages use them.
 */

// C0 controls but tab and line feed; DEL and C1; zero-width and direction controls; BOM;
// lone surrogates; noncharacters U+FFFE/U+FFFF.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
