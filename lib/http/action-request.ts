// Server actions are called with a Next-Action header and a body React encoded: for this
// app's actions (each takes a form) a multipart form whose field "0" holds the arguments
// as a JSON array. Anything else makes Next.js's decoder throw, which it answers with a
// 500. The proxy asks this first and answers a 400 instead. Forms posted without
// JavaScript carry no Next-Action header and are not affected.
export async function actionRequestRefusal(request: Request): Promise<string | undefined> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return undefined;
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return "A server action takes a form (multipart/form-data).";
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return "The action's form could not be read.";
  }
  const root = form.get("0");
  if (typeof root !== "string" || !isJsonArray(root)) return "The action's form is not one this app's pages send.";
  return undefined;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
