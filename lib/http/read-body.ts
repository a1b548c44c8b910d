// Reads a request body up to a cap without ever holding more than cap + one chunk: a
// sender cannot make the app buffer a gigabyte by lying about (or omitting) its length.
export type CappedBody = { bytes: Buffer; size: number; isTooLarge: boolean };

export async function readBodyCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBody> {
  if (!body) return { bytes: Buffer.alloc(0), size: 0, isTooLarge: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // The head of the chunk that crossed the cap still counts: with one big chunk it is
      // all the caller would have to keep.
      chunks.push(value.subarray(0, value.byteLength - (size - maxBytes)));
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks), size, isTooLarge: true };
    }
    chunks.push(value);
  }
  return { bytes: Buffer.concat(chunks), size, isTooLarge: false };
}

// A request's body, capped. A body announced (Content-Length) as over the cap is not read
// past `keepWhenTooLarge` bytes, which is all a refusal keeps of it. Null when the sender
// went away before the end.
export async function readRequestBody(request: Request, { maxBytes, keepWhenTooLarge }: { maxBytes: number; keepWhenTooLarge: number }): Promise<CappedBody | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  try {
    if (!Number.isFinite(declared) || declared <= maxBytes) return await readBodyCapped(request.body, maxBytes);
    const start = await readBodyCapped(request.body, keepWhenTooLarge);
    return { bytes: start.bytes, size: Math.max(declared, start.size), isTooLarge: true };
  } catch {
    return null;
  }
}
