// React Query keys of the task feature, in one place so invalidation cannot miss.
export const taskKeys = {
  all: ["tasks"] as const,
  detail: (persistentId: string) => ["tasks", "detail", persistentId] as const,
  list: (search: string) => ["tasks", "list", search] as const,
  counts: ["tasks", "counts"] as const,
};
