import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listUsersByEmail } from "@/db/queries/users";
import { requireArea } from "@/lib/auth/guards";
import { Card, PageHeader, RoleBadge } from "../_components/ui";
import { RoleForm } from "./role-form";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const admin = await requireArea("admin");
  const users = await listUsersByEmail(await getDb());
  const byRole = { learner: 0, instructor: 0, admin: 0 };
  for (const user of users) byRole[user.role] += 1;
  return (
    <>
      <PageHeader
        title="Administration"
        description="Everyone with an account on this server, and what they may do. Instructors run cohorts; administrators also manage accounts."
        actions={
          <div className="flex flex-wrap gap-2 text-sm">
            <Link className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href="/teach/content">
              Content import status
            </Link>
            <Link className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href="/admin/items">
              Item analysis, all cohorts
            </Link>
          </div>
        }
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        {(["learner", "instructor", "admin"] as const).map((role) => (
          <Card key={role}>
            <p className="text-sm text-slate-500 dark:text-slate-400">{role}s</p>
            <p className="text-3xl font-semibold">{byRole[role]}</p>
          </Card>
        ))}
      </div>
      <Card title={`Accounts (${users.length})`}>
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-4">Name</th>
                <th scope="col" className="py-2 pr-4">Email</th>
                <th scope="col" className="py-2 pr-4">Role</th>
                <th scope="col" className="py-2 pr-4">Joined</th>
                <th scope="col" className="py-2">Change role</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {users.map((user) => (
                <tr key={user.id}>
                  <td className="py-2 pr-4 font-medium">{user.name}</td>
                  <td className="py-2 pr-4">{user.email}</td>
                  <td className="py-2 pr-4"><RoleBadge role={user.role} /></td>
                  <td className="py-2 pr-4 whitespace-nowrap">{user.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="py-2">
                    <RoleForm userId={user.id} email={user.email} role={user.role} disabled={user.id === admin.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
