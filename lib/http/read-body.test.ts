import { describe, expect, it } from "vitest";
import { readBodyCapped } from "./read-body";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

describe("readBodyCapped", () => {
  it("reads a body within the cap whole", async () => {
    const body = await readBodyCapped(streamOf("abc", "def"), 6);
    expect(body).toMatchObject({ size: 6, isTooLarge: false });
    expect(body.bytes.toString()).toBe("abcdef");
  });

  it("keeps the first cap bytes of a body that arrives as one oversized chunk", async () => {
    const body = await readBodyCapped(streamOf("0123456789"), 4);
    expect(body.isTooLarge).toBe(true);
    expect(body.bytes.toString()).toBe("0123");
  });

  it("stops reading at the chunk that crosses the cap", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(65));
      },
    });
    const body = await readBodyCapped(endless, 4096 + 10);
    expect(body.isTooLarge).toBe(true);
    expect(body.bytes.length).toBe(4096 + 10);
    expect(pulled).toBeLessThan(10);
  });

  it("reads no body as empty", async () => {
    expect(await readBodyCapped(null, 10)).toMatchObject({ size: 0, isTooLarge: false });
  });
});
