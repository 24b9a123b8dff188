import type { Role } from "@/db/schema";

export type { Role };
export const roles: readonly Role[] = ["learner", "instructor", "admin"];

/** What a signed-in person is, as the rest of the app sees them: never their password hash. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The areas of the app and who may enter them; one table, read by the navigation and the guards alike. */
export const areaRoles = {
  learn: ["learner", "instructor", "admin"],
  teach: ["instructor", "admin"],
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Area = keyof typeof areaRoles;

export function canEnter(user: Pick<SessionUser, "role"> | null | undefined, area: Area): boolean {
  return !!user && (areaRoles[area] as readonly Role[]).includes(user.role);
}

export function homePathFor(user: Pick<SessionUser, "role">): string {
  return user.role === "learner" ? "/learn" : "/teach";
}
