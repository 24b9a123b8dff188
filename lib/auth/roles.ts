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

/** Which area each top-level path belongs to; a path not listed here is public (landing, sign-in, sign-up). */
export const areaOfSegment: Record<string, Area> = {
  learn: "learn",
  notes: "learn",
  practice: "learn",
  search: "learn",
  review: "learn",
  exams: "learn",
  labs: "learn",
  teach: "teach",
  admin: "admin",
};

export function areaOfPath(pathname: string): Area | null {
  const segment = pathname.replace(/^\/+/, "").split("/")[0] ?? "";
  return areaOfSegment[segment] ?? null;
}

export function canEnter(user: Pick<SessionUser, "role"> | null | undefined, area: Area): boolean {
  return !!user && (areaRoles[area] as readonly Role[]).includes(user.role);
}

export function homePathFor(user: Pick<SessionUser, "role">): string {
  return user.role === "learner" ? "/learn" : "/teach";
}
