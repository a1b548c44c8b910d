// A page's searchParams as URLSearchParams, and the same address without its empty
// fields: a GET form sends every field, and "q=&since=" helps nobody in a shared link.
export type RawSearchParams = Record<string, string | string[] | undefined>;

export function toSearchParams(raw: RawSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(name, first);
  }
  return params;
}

// The query string without empty values and without values equal to their default, or
// null when there is nothing to take out.
export function cleanedSearch(params: URLSearchParams, defaults: Record<string, string> = {}): string | null {
  const kept = new URLSearchParams();
  for (const [name, value] of params) {
    if (value.trim() !== "" && defaults[name] !== value) kept.set(name, value);
  }
  return kept.toString() === params.toString() ? null : kept.toString();
}
