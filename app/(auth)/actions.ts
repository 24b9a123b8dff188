"use server";

import { getDb } from "@/db/client";
import { createAccount, type FieldErrors } from "@/lib/auth/accounts";
import { AuthError, CredentialsSignin, signIn, signOut } from "@/lib/auth";

export interface AuthFormState {
  error?: string;
  fieldErrors?: FieldErrors;
  /** What the visitor typed, to refill the form — never the password. */
  values?: { name?: string; email?: string };
}

/** Only same-site paths: an open redirect through ?callbackUrl= would make a phishing link look like ours. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/home";
}

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

async function signInWithPassword(email: string, password: string, redirectTo: string): Promise<AuthFormState | never> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      return { error: "Too many failed sign-ins for this account. Wait a minute, then try again.", values: { email } };
    }
    if (error instanceof AuthError) {
      return { error: "That email and password do not match an account.", values: { email } };
    }
    throw error; // the redirect after a successful sign-in travels as an exception
  }
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = text(formData, "email").trim();
  const password = text(formData, "password");
  if (!email || !password) {
    return {
      fieldErrors: {
        email: email ? undefined : "Enter your email address.",
        password: password ? undefined : "Enter your password.",
      },
      values: { email },
    };
  }
  return signInWithPassword(email, password, safeCallback(formData.get("callbackUrl")));
}

export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const input = { name: text(formData, "name"), email: text(formData, "email"), password: text(formData, "password") };
  const created = await createAccount(await getDb(), input, "learner");
  if (!created.ok) {
    return { fieldErrors: created.error.fieldErrors, values: { name: input.name, email: input.email } };
  }
  return signInWithPassword(created.value.email, input.password, "/learn");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
