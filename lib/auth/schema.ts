import { z } from "zod";

export const minimumPasswordLength = 10;
/** argon2 takes any length, but an unbounded field invites hashing megabytes on every request. */
export const maximumPasswordLength = 200;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like ana@example.com." }));

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(minimumPasswordLength, { error: `Use at least ${minimumPasswordLength} characters for your password.` })
  .max(maximumPasswordLength, { error: `Use at most ${maximumPasswordLength} characters for your password.` });

export const signUpSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, { error: "Enter your name." })
    .max(80, { error: "Use at most 80 characters for your name." }),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: "Enter your password." }).max(maximumPasswordLength),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const roleSchema = z.enum(["learner", "instructor", "admin"]);
