import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <p className="text-sm font-semibold text-rose-600">403 · Not allowed</p>
      <h1 className="mt-2 text-2xl font-semibold">This page is not for your role</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        You are signed in, but your account cannot open this page. If you think it should, ask an administrator to
        change your role.
      </p>
      <Link href="/home" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to your home page
      </Link>
    </div>
  );
}
