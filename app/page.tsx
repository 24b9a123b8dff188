import Link from "next/link";
import { examDomains } from "@/lib/content/topics";
import { getSessionUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/roles";

const features = [
  {
    title: "A cloud in your browser",
    text: "Type real openstack commands into a terminal. A simulated OpenStack — identity, compute, images, volumes, networks, object storage and orchestration — answers the way the real client does, and grades the state you leave behind.",
  },
  {
    title: "Mock exams against the clock",
    text: "Knowledge questions and hands-on tasks in one timed attempt, shaped like the real exam: three hours, 70 % to pass. The server keeps the time and every answer, so a dropped connection costs you nothing.",
  },
  {
    title: "Notes you can trust",
    text: "Concept notes for every exam domain, checked against today's client, with what changed since older guides — and the Horizon screen that does the same as each command.",
  },
  {
    title: "Remember it on exam day",
    text: "Flashcards scheduled by FSRS, the spaced-repetition model modern Anki uses, paced to the date of your exam.",
  },
];

export default async function LandingPage() {
  const user = await getSessionUser();
  return (
    <div className="space-y-16">
      <section className="grid items-center gap-10 pt-6 lg:grid-cols-[1.2fr_1fr]">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">OpenStack administrator exam preparation</p>
          <h1 className="mt-3 text-4xl font-semibold tracking-tight sm:text-5xl">Practise the exam the way it is sat: at a prompt.</h1>
          <p className="mt-5 max-w-xl text-lg text-slate-600 dark:text-slate-400">
            Examstack is a self-hosted study platform for the Certified OpenStack Administrator exam. Learners read,
            practise and review; instructors run cohorts and see who needs help; authors write everything as Markdown.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            {user ? (
              <Link href={homePathFor(user)} className="rounded-lg bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">
                Continue studying
              </Link>
            ) : (
              <>
                <Link href="/sign-up" className="rounded-lg bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">
                  Create a free account
                </Link>
                <Link href="/sign-in" className="rounded-lg border border-slate-300 px-5 py-2.5 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                  Sign in
                </Link>
              </>
            )}
          </div>
        </div>
        <figure className="overflow-hidden rounded-xl border border-slate-800 bg-slate-950 font-mono text-sm text-slate-200 shadow-lg">
          <div className="flex gap-1.5 border-b border-slate-800 px-4 py-2" aria-hidden>
            <span className="h-3 w-3 rounded-full bg-rose-500" />
            <span className="h-3 w-3 rounded-full bg-amber-400" />
            <span className="h-3 w-3 rounded-full bg-emerald-500" />
          </div>
          <pre className="overflow-x-auto p-4 leading-relaxed">
            <span className="text-emerald-400">$</span> openstack project create --domain default dev{"\n"}
            <span className="text-emerald-400">$</span> openstack role add --user alice --project dev member{"\n"}
            <span className="text-emerald-400">$</span> openstack server create --flavor m1.small \{"\n"}
            {"    "}--image cirros --network private --wait web1{"\n"}
            <span className="text-slate-500">+--------+--------------------------------------+</span>{"\n"}
            <span className="text-slate-500">| Field  | Value                                |</span>{"\n"}
            <span className="text-slate-500">+--------+--------------------------------------+</span>{"\n"}
            <span className="text-slate-500">| status | ACTIVE                               |</span>
          </pre>
          <figcaption className="sr-only">An example terminal session in the simulated cloud</figcaption>
        </figure>
      </section>

      <section aria-labelledby="features" className="grid gap-6 sm:grid-cols-2">
        <h2 id="features" className="sr-only">What you get</h2>
        {features.map((feature) => (
          <div key={feature.title} className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
            <h3 className="font-semibold">{feature.title}</h3>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{feature.text}</p>
          </div>
        ))}
      </section>

      <section aria-labelledby="domains">
        <h2 id="domains" className="text-xl font-semibold">What the exam weighs</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The six domains of the exam and their share of the score; everything here is organised by them.</p>
        <ul className="mt-4 space-y-2">
          {examDomains.map((domain) => (
            <li key={domain.id} className="grid grid-cols-[9rem_1fr_3rem] items-center gap-3 text-sm">
              <span>{domain.title}</span>
              <span className="h-2.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
                <span className="block h-full rounded-full bg-brand-500" style={{ width: `${(domain.weight / 35) * 100}%` }} />
              </span>
              <span className="text-right tabular-nums">{domain.weight} %</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
