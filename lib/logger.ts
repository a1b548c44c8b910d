import pino from "pino";
import { getEnv } from "./env";

// Structured JSON logs. Anything that could carry a credential is redacted by path,
// so a careless `logger.info({ headers })` cannot leak a signature or a cookie.
export const logger = pino({
  level: getEnv().LOG_LEVEL,
  base: { service: "fmgr-monitor" },
  redact: {
    paths: [
      "headers.authorization",
      "headers.cookie",
      'headers["set-cookie"]',
      "*.secret",
      "*.secretKey",
      "*.password",
      "*.passwordHash",
    ],
    censor: "[redacted]",
  },
});
