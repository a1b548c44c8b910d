import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { sessionRefusal } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { formFields } from "@/lib/http/form-fields";
import { logger } from "@/lib/logger";
import { requestIdFrom, runWithRequestId } from "@/lib/request-context";

type Fields<Name extends string> = Record<Name, string | undefined>;

type ActionOptions<Name extends string, Schema extends z.ZodType, State> = {
  // The form fields the action reads; parsed with `schema`.
  fields: readonly Name[];
  schema: Schema;
  // Actions are refused without a session unless they are marked public (sign-in). The
  // proxy guards pages, but an action can be posted to any page, /login included.
  isPublic?: boolean;
  // The state to answer with when something went wrong, from a message for the user.
  failed: (message: string, fields: Fields<Name>) => State;
  run: (input: z.output<Schema>, fields: Fields<Name>) => State | Promise<State>;
};

// Every server action goes through this: it runs under the request's id (the proxy's
// x-request-id header), checks the session, parses the form with zod, and turns a typed
// error into the action's state. Anything else is logged and answered generically.
// Next.js's own control flow (redirect, notFound) passes through.
export function serverAction<Name extends string, Schema extends z.ZodType, State>(
  options: ActionOptions<Name, Schema, State>,
): (previous: State, formData: FormData) => Promise<State> {
  return async (_previous, formData) => {
    const requestId = requestIdFrom(await headers());
    return runWithRequestId(requestId, async () => {
      // A hand-made request can call an action with anything, or nothing, for its form.
      if (!(formData instanceof FormData)) return options.failed("The form could not be read; send it again from the page.", formFields(new FormData(), options.fields));
      const fields = formFields(formData, options.fields);
      if (!options.isPublic) {
        const refusal = await sessionRefusal();
        if (refusal) return options.failed(refusal, fields);
      }
      const input = options.schema.safeParse(fields);
      if (!input.success) return options.failed(input.error.issues[0]?.message ?? "Invalid input.", fields);
      try {
        return await options.run(input.data, fields);
      } catch (error) {
        unstable_rethrow(error);
        if (isAppError(error)) return options.failed(error.userMessage, fields);
        logger.error({ err: error }, "a server action failed");
        return options.failed("That failed unexpectedly; the details are in the server log.", fields);
      }
    });
  };
}
