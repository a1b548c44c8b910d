// The dashboard account every test app is started with, unless a test configures its
// own. The hash is of TEST_USER.password at a low scrypt cost (N=2^10), to keep tests fast.
// ops is an operator (it may retry at the vendor); viewer, with the same password, is not.
export const TEST_USER = { name: "ops", password: "correct horse battery staple" };
export const TEST_VIEWER = { name: "viewer", password: TEST_USER.password };
export const TEST_USER_HASH = "scrypt$10$8$1$nTBcR8LPRr2bJwiBlurEzg$rf_9UgnT-yCWslJ9xX9keCzeyutILl_rRnceWFNOWiU";
export const TEST_SESSION_SECRET = "test-session-secret-0123456789-abcdefghij";

export const TEST_AUTH_ENV = {
  DASHBOARD_USERS: `${TEST_USER.name}:${TEST_USER_HASH}:operator,${TEST_VIEWER.name}:${TEST_USER_HASH}`,
  SESSION_SECRET: TEST_SESSION_SECRET,
};
