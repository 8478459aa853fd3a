// Splitting bytes into fixed-size chunk records and joining them back.

/** Copies `bytes` into standalone buffers of at most `chunkBytes` each (an empty input gives none). */
export function splitIntoChunks(bytes: Uint8Array, chunkBytes: number): ArrayBuffer[] {
  const chunks: ArrayBuffer[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    // slice() copies, so each record holds only its own bytes, not the caller's whole buffer.
    chunks.push(bytes.slice(offset, offset + chunkBytes).buffer);
  }
  return chunks;
}

/** Concatenates chunks in order; returns null when the total does not match (an incomplete record). */
export function joinChunks(chunks: readonly ArrayBuffer[], totalBytes: number): Uint8Array<ArrayBuffer> | null {
  const sum = chunks.reduce((n, c) => n + c.byteLength, 0);
  if (sum !== totalBytes) return null;
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
  }
  return out;
}
