// npm run user:create -- --email ada@example.com --role admin [--name "Ada Lovelace"]
// Asks for the password on the terminal (not echoed), or reads EXAMSTACK_PASSWORD for scripts.
import { parseArgs } from "node:util";
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { getUserByEmail, updateUserPasswordById, updateUserRoleById } from "../db/queries/users";
import { createAccount } from "../lib/auth/accounts";
import { hashPassword } from "../lib/auth/password";
import { emailSchema, newPasswordSchema, roleSchema } from "../lib/auth/schema";
import { readEnv } from "../lib/env";

function fail(message: string): never {
  console.error(`user:create: ${message}`);
  process.exit(2);
}

async function readHiddenPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) fail("no terminal to ask for the password on; set EXAMSTACK_PASSWORD instead");
  process.stdout.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve) => {
    let value = "";
    const onData = (key: string) => {
      for (const char of key) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          resolve(value);
          return;
        }
        if (char === "\u0003") process.exit(130);
        if (char === "\u007f") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    role: { type: "string", default: "learner" },
    name: { type: "string" },
    "reset-password": { type: "boolean", default: false },
  },
});

const email = emailSchema.safeParse(values.email ?? "");
if (!email.success) fail("give the account's email with --email, for example --email ada@example.com");
const role = roleSchema.safeParse(values.role);
if (!role.success) fail("--role must be learner, instructor or admin");

let password = process.env.EXAMSTACK_PASSWORD ?? "";
if (!password) {
  password = await readHiddenPassword(`Password for ${email.data}: `);
  const again = await readHiddenPassword("Repeat the password: ");
  if (again !== password) fail("the two passwords differ; nothing was changed");
}
const passwordCheck = newPasswordSchema.safeParse(password);
if (!passwordCheck.success) fail(passwordCheck.error.issues[0]?.message ?? "the password is not acceptable");

const env = readEnv();
const handle = await createDb({ url: env.DATABASE_URL });
try {
  await migrate(handle);
  const existing = await getUserByEmail(handle.db, email.data);
  if (existing) {
    await updateUserRoleById(handle.db, existing.id, role.data);
    if (values["reset-password"]) await updateUserPasswordById(handle.db, existing.id, await hashPassword(password));
    console.log(`${email.data} already existed; its role is now ${role.data}${values["reset-password"] ? " and its password was reset" : ""}.`);
  } else {
    const created = await createAccount(handle.db, { name: values.name ?? email.data.split("@")[0], email: email.data, password }, role.data);
    if (!created.ok) fail(Object.values(created.error.fieldErrors).join(" "));
    console.log(`Created ${role.data} ${email.data}.`);
  }
} finally {
  await handle.close();
}
