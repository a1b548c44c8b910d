import { QueryClient } from "@tanstack/react-query";

// The one query-client factory. Data that the server rendered is fresh for a moment, so
// hydration does not trigger an immediate refetch of the same thing.
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 1 },
    },
  });
}
