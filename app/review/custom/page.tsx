import type { Metadata } from "next";
import { requireArea } from "@/lib/auth/guards";
import { topics } from "@/lib/content/topics";
import { Card, PageHeader } from "../../_components/ui";

export const metadata: Metadata = { title: "Custom study" };

const field = "mt-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";
const submit = "rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 dark:bg-brand-500";

function RescheduleBox({ id }: { id: string }) {
  return (
    <label htmlFor={id} className="flex items-start gap-2 text-sm">
      <input id={id} type="checkbox" name="reschedule" value="1" className="mt-1" />
      <span>
        Let my answers change the schedule
        <span className="block text-xs text-slate-500 dark:text-slate-400">Off: practice only, nothing moves. On: each answer counts as a real review.</span>
      </span>
    </label>
  );
}

/** Three plain GET forms: the session's definition travels in the review screen's address. */
export default async function CustomStudyPage() {
  await requireArea("learn");
  return (
    <>
      <PageHeader title="Custom study" description="Extra practice outside today's schedule. By default it leaves your due dates alone, so cramming the night before does not push cards weeks away." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Cram a topic">
          <form action="/review/study" className="space-y-3">
            <input type="hidden" name="mode" value="cram" />
            <div>
              <label htmlFor="cram-topic" className="block text-sm font-medium">Topic</label>
              <select id="cram-topic" name="topic" className={`${field} w-full`}>
                {topics.map((topic) => <option key={topic.id} value={topic.id}>{topic.title}</option>)}
                <option value="personal">Your own cards</option>
              </select>
            </div>
            <label htmlFor="cram-new" className="flex items-center gap-2 text-sm">
              <input id="cram-new" type="checkbox" name="includeNew" value="1" /> Include cards I have not studied yet
            </label>
            <RescheduleBox id="cram-reschedule" />
            <button type="submit" className={submit}>Cram this topic</button>
          </form>
        </Card>
        <Card title="Review ahead">
          <form action="/review/study" className="space-y-3">
            <input type="hidden" name="mode" value="ahead" />
            <div>
              <label htmlFor="ahead-days" className="block text-sm font-medium">Cards due in the next … days</label>
              <input id="ahead-days" name="days" type="number" min={1} max={30} defaultValue={3} className={`${field} w-24`} />
            </div>
            <RescheduleBox id="ahead-reschedule" />
            <button type="submit" className={submit}>Review ahead</button>
          </form>
        </Card>
        <Card title="Forgotten cards">
          <form action="/review/study" className="space-y-3">
            <input type="hidden" name="mode" value="forgotten" />
            <div>
              <label htmlFor="forgotten-days" className="block text-sm font-medium">Answered Again in the last … days</label>
              <input id="forgotten-days" name="days" type="number" min={1} max={30} defaultValue={7} className={`${field} w-24`} />
            </div>
            <RescheduleBox id="forgotten-reschedule" />
            <button type="submit" className={submit}>Review forgotten cards</button>
          </form>
        </Card>
      </div>
    </>
  );
}
