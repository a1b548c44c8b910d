import pino from "pino";
import { getEnv } from "./env";
import { currentRequestContext } from "./request-context";

// Structured JSON logs. Anything that could carry a credential is redacted by path,
// so a careless `logger.info({ headers })` cannot leak a signature or a cookie.
export const logger = pino({
  level: getEnv().LOG_LEVEL,
  base: { service: "fmgr-monitor" },
  // Every line written while serving a request carries its id.
  mixin: () => currentRequestContext() ?? {},
  redact: {
    paths: [
      "headers.authorization",
      "headers.cookie",
      'headers["set-cookie"]',
      "*.headers.authorization",
      "*.headers.cookie",
      "*.authorization",
      "*.cookie",
      "*.secret",
      "*.secretKey",
      "*.password",
      "*.passwordHash",
      // pg errors carry their client, whose connection parameters hold the password.
      "err.client",
      "*.err.client",
      "*.connectionParameters",
    ],
    censor: "[redacted]",
  },
});
