// Server actions are called with a Next-Action header and a body React encoded: a JSON
// array of the arguments the action uses (as text, or in the field "0" of a multipart
// form when an argument is a form). Anything else makes Next.js's decoder throw, which
// it answers with a 500; the proxy asks this first and answers a 400 instead. Forms
// posted without JavaScript carry no Next-Action header and are not affected.
export async function actionRequestRefusal(request: Request): Promise<string | undefined> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return undefined;
  const isForm = /^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "");
  let root: unknown;
  try {
    root = isForm ? (await request.clone().formData()).get("0") : await request.clone().text();
  } catch {
    return "The action's arguments could not be read.";
  }
  if (typeof root !== "string" || !isJsonArray(root)) return "The action's arguments are not what this app's pages send.";
  return undefined;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
