export function SearchForm({ defaultValue = "" }: { defaultValue?: string }) {
  return (
    <form action="/search" role="search" className="flex gap-2">
      <label htmlFor="search-query" className="sr-only">Search notes and questions</label>
      <input
        id="search-query"
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder="Search notes and questions"
        className="w-64 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <button type="submit" className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
        Search
      </button>
    </form>
  );
}
