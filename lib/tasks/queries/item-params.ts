// The names of a task page's item parameters, safe for the browser bundle (task-items.ts
// holds the SQL), so a page can keep the others when it changes one.
export const ITEM_PARAMS = ["items", "code", "op", "itemsQ", "order", "itemsCursor", "itemsLimit"] as const;
export const ITEM_ORDERS = ["failures", "index"] as const;
