// Signs in the way a browser without JavaScript would: fetch /login, post its form
// (React's server-action fields included) with a name and password. Tests that talk
// HTTP use it to get a real session cookie from the real sign-in.
export type SignInResponse = {
  status: number;
  location: string | null;
  setCookie: string | null;
  cookie: string | undefined;
  // The device cookie a successful sign-in hands out ("fmgr_device=…"), if any.
  deviceCookie: string | undefined;
  html: string;
};

const ENTITIES: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'" };

export function hiddenInputs(html: string): [string, string][] {
  const inputs: [string, string][] = [];
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    const decode = (text: string) => text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);
    inputs.push([decode(match[1] ?? ""), decode(match[2] ?? "")]);
  }
  return inputs;
}

export async function signInOverHttp(
  baseUrl: string,
  credentials: { name: string; password: string; next?: string },
  headers: Record<string, string> = {},
  // A hostile form: the hidden "next" field replaced by this value.
  options: { postNext?: string } = {},
): Promise<SignInResponse> {
  const loginPath = credentials.next ? `/login?next=${encodeURIComponent(credentials.next)}` : "/login";
  const page = await fetch(`${baseUrl}${loginPath}`, { headers });
  const form = new FormData();
  for (const [name, value] of hiddenInputs(await page.text())) form.append(name, name === "next" && options.postNext !== undefined ? options.postNext : value);
  form.append("name", credentials.name);
  form.append("password", credentials.password);
  const response = await fetch(`${baseUrl}${loginPath}`, { method: "POST", body: form, headers, redirect: "manual" });
  const setCookie = response.headers.get("set-cookie");
  return {
    status: response.status,
    location: response.headers.get("location"),
    setCookie,
    cookie: response.headers.getSetCookie().find((line) => line.startsWith("fmgr_session="))?.split(";")[0],
    deviceCookie: response.headers.getSetCookie().find((line) => line.startsWith("fmgr_device="))?.split(";")[0],
    html: await response.text(),
  };
}
