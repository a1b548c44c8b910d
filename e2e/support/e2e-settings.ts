// Shared by the e2e web server and the specs, which run in different processes.
export const E2E_VENDOR_PORT = Number(process.env.E2E_VENDOR_PORT ?? 4210);
export const E2E_VENDOR_URL = `http://127.0.0.1:${E2E_VENDOR_PORT}`;
export const E2E_CALLBACK_KEY = { accessKey: "AK_e2e", secretKey: "SK_e2e_secret" };
// The e2e app's database (made afresh by serve-for-e2e.ts).
export const E2E_DATABASE = "fmgr_e2e";
// The management credentials: the fake vendor checks submissions with them and signs its
// callbacks with them, as the vendor signs with the account's keys.
export const E2E_MGR_KEY = { accessKey: "AK_mgr", secretKey: "SK_mgr_secret" };

export async function setVendorTask(task: { id: string; [field: string]: unknown }): Promise<void> {
  const response = await fetch(`${E2E_VENDOR_URL}/_control/tasks`, { method: "POST", body: JSON.stringify(task) });
  if (!response.ok) throw new Error(`the fake vendor refused the task: ${response.status}`);
}

// The signed-in browser state that e2e/sign-in.setup.ts saves for the other specs.
export const STAFF_STATE = "e2e/.auth/staff.json";
