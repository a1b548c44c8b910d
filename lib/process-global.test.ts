import { describe, expect, it } from "vitest";
import * as firstCopy from "./process-global";
import { forgetProcessGlobal, processGlobal } from "./process-global";

describe("processGlobal", () => {
  it("makes a value once and hands the same one to every caller", () => {
    let made = 0;
    const create = () => ({ serial: ++made });
    const first = processGlobal("test:once", create);
    expect(processGlobal("test:once", create)).toBe(first);
    expect(made).toBe(1);
  });

  it("keeps it on globalThis, where another copy of the module finds it", async () => {
    processGlobal("test:shared", () => "from the first copy");
    // A query makes Vite load the file again, as a second bundle would.
    const anotherBundle: string = "./process-global?another-bundle";
    const secondCopy = (await import(anotherBundle)) as typeof firstCopy;
    expect(secondCopy).not.toBe(firstCopy);
    const fromAnotherBundle = secondCopy.processGlobal;
    expect(fromAnotherBundle("test:shared", () => "from the second copy")).toBe("from the first copy");
  });

  it("makes it afresh after it is forgotten", () => {
    processGlobal("test:forget", () => 1);
    forgetProcessGlobal("test:forget");
    expect(processGlobal("test:forget", () => 2)).toBe(2);
  });
});
