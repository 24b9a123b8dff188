import { canEnter, type Area, type SessionUser } from "@/lib/auth/roles";

/** The app's sections; each shows only to the roles that may enter its area, and only once its pages exist. */
export const navigationItems: { href: string; label: string; area: Area }[] = [
  { href: "/learn", label: "Learn", area: "learn" },
  { href: "/notes", label: "Notes", area: "learn" },
  { href: "/practice", label: "Practice", area: "learn" },
  { href: "/exams", label: "Exams", area: "learn" },
  { href: "/labs", label: "Labs", area: "learn" },
  { href: "/review", label: "Review", area: "learn" },
  { href: "/learn/join", label: "My cohorts", area: "learn" },
  { href: "/teach", label: "Teach", area: "teach" },
  { href: "/teach/cohorts", label: "Cohorts", area: "teach" },
  { href: "/teach/content", label: "Content", area: "teach" },
  { href: "/admin", label: "Admin", area: "admin" },
];

export function navigationFor(user: SessionUser | null) {
  return navigationItems.filter((item) => canEnter(user, item.area));
}
