import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">There is nothing at this address</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">The link may be old, or the page may have moved.</p>
      <Link href="/" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Back to the start
      </Link>
    </div>
  );
}
