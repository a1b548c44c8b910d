"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/access-policy";
import { endSession, startSession } from "@/lib/auth/current-user";
import { signIn, type SignInResult } from "@/lib/auth/sign-in";
import { inActionRequest } from "@/lib/http/action-request";
import { clientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/logger";

export type SignInState = { status: "idle" } | { status: "error"; message: string; name: string };

const signInInput = z.object({
  name: z.string().trim().min(1, "Enter your user name.").max(64, "That user name is too long."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  next: z.string().max(2000).optional(),
});

function refusalMessage(result: Exclude<SignInResult, { ok: true }>): string {
  if (result.reason === "invalid") return "That user name and password do not match.";
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  return await inActionRequest(() => attemptSignIn(formData));
}

async function attemptSignIn(formData: FormData): Promise<SignInState> {
  const text = (field: string) => {
    const value = formData.get(field);
    return typeof value === "string" ? value : undefined;
  };
  const input = signInInput.safeParse({ name: text("name") ?? "", password: text("password") ?? "", next: text("next") });
  if (!input.success) return { status: "error", message: input.error.issues[0]?.message ?? "Invalid input.", name: text("name") ?? "" };
  const { name, password, next } = input.data;
  const address = clientAddress(await headers());

  let result: SignInResult;
  try {
    result = await signIn({ name, password, address });
  } catch (error) {
    logger.error({ err: error, user: name, address }, "sign-in could not be checked");
    return { status: "error", message: "Sign-in is unavailable right now (the database did not answer). Try again shortly.", name };
  }
  if (!result.ok) {
    logger.warn({ user: name, address, reason: result.reason }, "sign-in refused");
    return { status: "error", message: refusalMessage(result), name };
  }
  logger.info({ user: name, address }, "signed in");
  await startSession(result.session);
  redirect(safeReturnPath(next));
}

export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/login?signedOut=1");
}
