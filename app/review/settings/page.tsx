import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { countReviewLogsByUser, getSrsSettingsByUser } from "@/db/queries/srs";
import { requireArea } from "@/lib/auth/guards";
import { OPTIMIZE_MIN_REVIEWS, readSrsSettings } from "@/lib/srs";
import { Card, PageHeader } from "../../_components/ui";
import { OptimizeForm } from "./optimize-form";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Review settings" };

export default async function SettingsPage() {
  const user = await requireArea("learn");
  const db = await getDb();
  const [stored, reviews] = await Promise.all([getSrsSettingsByUser(db, user.id), countReviewLogsByUser(db, user.id)]);
  const settings = readSrsSettings(stored?.settings);
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageHeader title="Review settings" description="How many cards a day, how hard the scheduler should push, and when your day ends. Changes apply to your next answers; nothing already scheduled moves." />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <SettingsForm settings={settings} zones={zones.includes("UTC") ? zones : ["UTC", ...zones]} />
        </div>
        <Card title="Personal parameters">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            FSRS predicts your memory with 21 parameters. The defaults come from millions of Anki reviews; once you have
            {" "}{OPTIMIZE_MIN_REVIEWS} answers, the optimizer (fsrs-rs, the one in Anki) can fit them to you.
          </p>
          <p className="mt-3 text-sm">
            In use: <strong>{settings.parameters ? "your own" : "the defaults"}</strong>
            {stored?.parametersOptimizedAt ? `, fitted on ${stored.parametersOptimizedAt.toISOString().slice(0, 10)}` : ""}. You have {reviews} answer{reviews === 1 ? "" : "s"}.
          </p>
          <OptimizeForm />
        </Card>
      </div>
    </>
  );
}
