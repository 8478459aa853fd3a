// GPT-2 byte-level pre-tokenization: the regex that splits text into words and the reversible map
// from the 256 byte values to printable unicode characters. Both are copied from the GPT-2 encoder
// (and Hugging Face `tokenizers`' ByteLevel), so our ids match `@huggingface/transformers` exactly.

/** The GPT-2 pre-tokenizer pattern (ByteLevel with `use_regex: true`). */
export const PRETOKENIZE_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** byte -> printable character: printable latin-1 bytes map to themselves, the rest to 256 + n. */
function buildByteToUnicode(): string[] {
  const bytes: number[] = [];
  for (let b = '!'.charCodeAt(0); b <= '~'.charCodeAt(0); b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = bytes.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n);
      n++;
    }
  }
  const table = new Array<string>(256);
  bytes.forEach((b, i) => {
    table[b] = String.fromCharCode(chars[i]!);
  });
  return table;
}

export const BYTE_TO_UNICODE: readonly string[] = buildByteToUnicode();
export const UNICODE_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_UNICODE.map((c, b) => [c, b]));

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/** A word's UTF-8 bytes written as byte-level characters (one character per byte). */
export function toByteLevel(word: string): string {
  let out = '';
  for (const byte of utf8Encoder.encode(word)) out += BYTE_TO_UNICODE[byte]!;
  return out;
}

/** Inverse of `toByteLevel` over a concatenation of tokens; invalid UTF-8 becomes U+FFFD. */
export function fromByteLevel(text: string): string {
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (const char of text) {
    const byte = UNICODE_TO_BYTE.get(char);
    if (byte !== undefined) bytes[length++] = byte;
  }
  return utf8Decoder.decode(bytes.subarray(0, length));
}

/** Splits text into GPT-2 words, each already in byte-level characters. */
export function preTokenize(text: string): string[] {
  const words = text.match(PRETOKENIZE_PATTERN) ?? [];
  return words.map(toByteLevel);
}
