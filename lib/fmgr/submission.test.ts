import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { managementToken, submissionBody } from "./submission";

const CREDENTIALS = { accessKey: "AK_mgr", secretKey: "SK_mgr_secret" };
const NOTIFY = "https://ops.example.com/api/fmgr/callback";

describe("the management token", () => {
  const body = submissionBody({ op: "delete", cmds: ["bucket/bWVkaWE=/key/YS5qcGc="], notifyUrl: NOTIFY, separate: false });

  it("builds the body the vendor documents", () => {
    expect(body).toBe("fops=bucket/bWVkaWE=/key/YS5qcGc=&notifyURL=aHR0cHM6Ly9vcHMuZXhhbXBsZS5jb20vYXBpL2ZtZ3IvY2FsbGJhY2s=&separate=0");
  });

  it("matches a vector computed outside this code", () => {
    // Computed with the shell, not with this module:
    //   printf '%s\n%s' /fmgr/delete "$body" | openssl dgst -sha1 -hmac SK_mgr_secret
    //     → 1dbfebebafc1d4699ae5e7fc4c75ee7818ff7891 (the hex digest, as text)
    //   printf %s 1dbfebebafc1d4699ae5e7fc4c75ee7818ff7891 | base64 | tr '+/' '-_'
    //     → MWRiZmViZWJhZmMxZDQ2OTlhZTVlN2ZjNGM3NWVlNzgxOGZmNzg5MQ==
    expect(managementToken(CREDENTIALS, "/fmgr/delete", body)).toBe("AK_mgr:MWRiZmViZWJhZmMxZDQ2OTlhZTVlN2ZjNGM3NWVlNzgxOGZmNzg5MQ==");
  });

  it("is the same computation step by step", () => {
    const hex = createHmac("sha1", CREDENTIALS.secretKey).update(`/fmgr/delete\n${body}`).digest("hex");
    expect(hex).toBe("1dbfebebafc1d4699ae5e7fc4c75ee7818ff7891");
    const encoded = Buffer.from(hex, "ascii").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    expect(managementToken(CREDENTIALS, "/fmgr/delete", body)).toBe(`AK_mgr:${encoded}`);
  });

  it("signs the request's own path and every byte of the body", () => {
    const token = managementToken(CREDENTIALS, "/fmgr/delete", body);
    expect(managementToken(CREDENTIALS, "/fmgr/deletem3u8", body)).not.toBe(token);
    expect(managementToken(CREDENTIALS, "/fmgr/delete", `${body} `)).not.toBe(token);
  });

  it("joins several cmds with ';' and sends force for fetch only", () => {
    expect(submissionBody({ op: "fetch", cmds: ["a", "b"], notifyUrl: NOTIFY, separate: true })).toMatch(/^fops=a;b&notifyURL=[^&]+&separate=1&force=0$/);
    expect(submissionBody({ op: "copy", cmds: ["a"], notifyUrl: NOTIFY, separate: false })).not.toContain("force");
  });
});
